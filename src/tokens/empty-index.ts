// `status` with an empty index: "No tokens yet" is only true when the store behind the index answers. A
// keychain that cannot be reached, or tokens kept in the other store (the file), are said instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from '../context.js';
import { ExitCode, FbtokError } from '../errors.js';
import type { TokenStore } from '../store/token-store.js';
import { vaultLabel } from './token-errors.js';

/** Touches the vault only when the index is empty, so `status` with tokens stays index-only. */
export async function explainEmptyIndex(ctx: Context, store: TokenStore): Promise<void> {
  if (store.kind === 'file') return;
  const other = await fileStoreTokens(ctx);
  const hint = other === null ? '' : other === 'unreadable' ? 'a token file exists that this run cannot read (is it encrypted? --store file with FBTOK_STORE_PASSPHRASE)' : other > 0 ? `the file store holds ${other} token${other === 1 ? '' : 's'} for this profile (--store file, or FBTOK_STORE=file)` : '';
  try {
    await store.getAppSecret('app-secret');
  } catch (error) {
    const e = error as FbtokError;
    throw new FbtokError(`No tokens are indexed for profile "${ctx.globals.profile}", and the ${vaultLabel(store.kind)} cannot be reached: ${e.message}${hint ? `; ${hint}` : ''}`, {
      code: 'STORE_UNAVAILABLE',
      exitCode: ExitCode.storeUnavailable,
      remedy: hint ? 'Use the file store: `fbtok status --store file` (FBTOK_STORE=file, or `fbtok config set store file`).' : e.remedy,
      cause: error,
    });
  }
  if (hint) ctx.io.warn(`The ${vaultLabel(store.kind)} holds no tokens for this profile, but ${hint}.`);
}

/** Tokens of this profile in the file store: a count, 'unreadable' when it cannot be read (encrypted, corrupt), null when there is no file. */
async function fileStoreTokens(ctx: Context): Promise<number | 'unreadable' | null> {
  if (!existsSync(join(ctx.paths.configDir, 'tokens.json'))) return null;
  try {
    const { createTokenStore } = await import('../store/create-store.js');
    const file = await createTokenStore({ kind: 'file', profile: ctx.globals.profile, paths: ctx.paths, env: ctx.env, clock: ctx.clock, interactive: false, warn: () => {} });
    return (await file.list()).length;
  } catch {
    return 'unreadable';
  }
}
