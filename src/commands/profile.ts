import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { CancelledError, ExitCode, needsInput } from '../errors.js';
import { printTable } from '../io/table.js';

export function registerProfile(program: Command, app: AppHandle): void {
  const profile = program.command('profile');
  withExamples(profile.command('list').description('Every profile: its app id, store and token count'), ['fbtok profile list', 'fbtok profile list --json'])
    .action(async () => app.run((ctx) => runProfileList(ctx)));
  withExamples(profile.command('use <name>').description('Make a profile the default for every command'), ['fbtok profile use work'])
    .action(async (name: string) => app.run((ctx) => runProfileUse(name, ctx)));
  withExamples(profile.command('delete <name>').option('--yes', 'do not ask').description("Delete a profile's settings and stored tokens"), ['fbtok profile delete old-app --yes'])
    .action(async (name: string, flags: { yes?: boolean }) => app.run((ctx) => runProfileDelete(name, Boolean(flags.yes), ctx)));
}

export async function runProfileList(ctx: Context): Promise<number> {
  const { listProfiles } = await import('../config/profiles.js');
  const profiles = await listProfiles(ctx);
  if (ctx.globals.json) {
    printJson(ctx, profiles);
    return ExitCode.ok;
  }
  printTable((l) => ctx.io.out(l), ['profile', 'default', 'app id', 'store', 'tokens'], profiles.map((p) => [
    p.name, p.isDefault ? 'yes' : 'no', p.appId, p.store, p.tokens ?? `? (${p.storeError ?? 'unreadable'})`,
  ]), { width: ctx.io.columns });
  return ExitCode.ok;
}

export async function runProfileUse(name: string, ctx: Context): Promise<number> {
  const { useProfile } = await import('../config/profiles.js');
  const result = await useProfile(ctx, name);
  if (ctx.globals.json) printJson(ctx, { defaultProfile: result.name, previous: result.previous });
  ctx.io.err(`Commands now use profile "${result.name}" (was "${result.previous}"). --profile and FBTOK_PROFILE still win.`);
  if (ctx.env.FBTOK_PROFILE) ctx.io.warn(`FBTOK_PROFILE=${ctx.env.FBTOK_PROFILE} is set in this shell and wins over the saved default.`);
  return ExitCode.ok;
}

export async function runProfileDelete(name: string, yes: boolean, ctx: Context): Promise<number> {
  if (!yes) {
    if (!(ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) throw needsInput('A confirmation', `Pass --yes: fbtok profile delete ${name} --yes`);
    const ok = await ctx.prompter().confirm(`Delete profile "${name}": its settings and every token stored for it?`, '--yes');
    if (!ok) throw new CancelledError('Nothing changed.');
  }
  const { deleteProfile } = await import('../config/profiles.js');
  const result = await deleteProfile(ctx, name);
  if (ctx.globals.json) printJson(ctx, result);
  ctx.io.err(`Deleted profile "${name}"${result.tokensDeleted.length ? ` and its ${result.tokensDeleted.length} token(s)` : ''}. The tokens still work at Facebook until they expire (\`fbtok --profile ${name} revoke\` before deleting de-authorizes the app).`);
  return ExitCode.ok;
}
