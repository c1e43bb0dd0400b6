// First run on a machine where no keychain answers (SSH, containers, a server): instead of ending on exit 7,
// the wizard offers the file store, encrypted with FBTOK_STORE_PASSPHRASE, and saves that choice for the
// profile so the next command does not fall back onto the keychain. fbtok never stores the passphrase.
import type { Context } from '../context.js';
import { FbtokError, StoreUnavailableError, ExitCode } from '../errors.js';
import { readConfigFile, writeConfigFile } from '../config/config-file.js';

/** The stored app secret; when the keychain does not answer, on a terminal, the offer instead. */
export async function storedAppSecretOrOffer(ctx: Context): Promise<string | undefined> {
  try {
    return await (await ctx.store()).getAppSecret('app-secret');
  } catch (error) {
    const interactive = ctx.io.stdinIsTTY && ctx.io.stderrIsTTY;
    if (!(error instanceof StoreUnavailableError) || !interactive || (await ctx.config()).storeKind !== 'keychain') throw error;
    ctx.io.err(`No keychain answers here (${error.message})`);
    const yes = await ctx.prompter().confirm(`Use the file store for profile "${ctx.globals.profile}" instead (encrypted with FBTOK_STORE_PASSPHRASE)?`, '`fbtok config set store file`', true);
    if (!yes) throw error;
    const file = await readConfigFile(ctx.paths.configDir);
    file.profiles[ctx.globals.profile] = { ...(file.profiles[ctx.globals.profile] ?? {}), store: 'file' };
    await writeConfigFile(ctx.paths.configDir, file);
    ctx.io.err(`Saved: profile "${ctx.globals.profile}" uses the file store (${ctx.paths.configDir}).`);
    ctx.io.err('Encrypt it: put a long random passphrase in a file only you can read, and set it in each shell');
    ctx.io.err('  (fbtok never stores it):  export FBTOK_STORE_PASSPHRASE="$(cat ~/.fbtok-passphrase)"');
    throw new FbtokError('The store changed; this run still has the keychain open.', {
      code: 'STORE_SWITCHED',
      exitCode: ExitCode.usage,
      remedy: 'Run `fbtok login` again (with FBTOK_STORE_PASSPHRASE set).',
    });
  }
}
