import type { Command } from 'commander';
import { addDeployHookOptions, parseHookFlags } from '../hooks/hook-options.js';
import { withHooks } from '../hooks/with-hooks.js';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { CancelledError, ExitCode, NOTHING_CHANGED, UsageError } from '../errors.js';
import { parseDuration } from '../util/duration.js';
import { withinTooLong } from '../rotate/plan.js';
import { printTable } from '../io/table.js';
import { timeLeftOf } from '../tokens/lifetime.js';
import { runRotation, type RotationOptions } from '../rotate/run-rotation.js';
import { jsonView, worstExitCode, type RotationOutcome } from '../rotate/outcome.js';
import { assertCanLogIn, loadLoginRunner, loginTargets, renewByLogin, type LoginRunner } from '../rotate/login-renewal.js';

export interface RotateOptions extends RotationOptions {
  /** Run a login for what only a login can renew (--login). */
  login: boolean;
  device: boolean;
}

export const DEFAULT_WITHIN = '10d';

export function registerRotate(program: Command, app: AppHandle, login: LoginRunner = loadLoginRunner): void {
  const command = program.command('rotate [names...]');
  command.option('--within <duration>', `due when expiring within this window (default ${DEFAULT_WITHIN})`);
  command.option('--dry-run', 'say what would change, change nothing');
  command.option('--login', 'run a login for what only a login can renew');
  command.option('--device', 'with --login: use device login');
  command.option('--force', 'also refresh non-expiring system-user tokens named');
  addDeployHookOptions(command);
  withExamples(command, ['fbtok rotate', 'fbtok rotate --within 14d --json', 'fbtok rotate user --dry-run', 'fbtok rotate system-user:ci --force']);
  command.action(async (names: string[], flags: Record<string, unknown>) => app.run((ctx) => withHooks(ctx, parseHookFlags(flags), 'rotate', () => runRotate(parseRotateFlags(names, flags), ctx, login))));
}

export function parseRotateFlags(names: string[] | undefined, flags: Record<string, unknown>): RotateOptions {
  const opts: RotateOptions = {
    names: [...new Set(names ?? [])],
    withinMs: parseDuration(String(flags.within ?? DEFAULT_WITHIN), '--within'),
    dryRun: Boolean(flags.dryRun),
    force: Boolean(flags.force),
    login: Boolean(flags.login),
    device: Boolean(flags.device),
  };
  if (opts.device && !opts.login) throw new UsageError('--device goes with --login.', 'fbtok rotate --login --device');
  if (opts.login && opts.dryRun) throw new UsageError('--login and --dry-run do not go together: a dry run changes nothing.', 'fbtok rotate --dry-run');
  if (opts.force && opts.names.length === 0) {
    throw new UsageError('--force applies to tokens named on the command line.', 'Name them: fbtok rotate system-user:123 --force', 'FORCE_NEEDS_NAMES');
  }
  return opts;
}

export async function runRotate(opts: RotateOptions, ctx: Context, login: LoginRunner = loadLoginRunner): Promise<number> {
  // Fail early: a run that would need a browser or a prompt it cannot have must not start rotating.
  if (opts.login) assertCanLogIn(ctx);
  const loginCanHelp = checkWithin(ctx, opts);
  let outcomes = await runRotation(opts, ctx);
  if (!opts.dryRun && loginCanHelp) {
    const targets = await loginTargets(ctx, outcomes);
    if (targets.length > 0 && (opts.login || (await offerLogin(ctx, opts, targets, outcomes)))) {
      outcomes = await renewByLogin(ctx, { ...opts, targets, device: opts.device }, outcomes, login);
    }
  }
  report(ctx, opts, outcomes);
  return worstExitCode(outcomes);
}

/**
 * A window as long as a token lives (~60 days) makes every user and system-user token due, a fresh one too:
 * said before any work, not as a failure after a login. With --login it is a usage error; otherwise a
 * warning, and no login is offered (false).
 */
function checkWithin(ctx: Context, opts: RotateOptions): boolean {
  const cause = withinTooLong(opts.withinMs);
  if (!cause) return true;
  const fix = 'Use a shorter window, e.g. --within 14d (status --fail-within watches longer spans).';
  if (opts.login) throw new UsageError(`${cause}: even the token a new login gives would be due at once.`, fix, 'WITHIN_TOO_LONG');
  ctx.io.warn(`${cause}: user and system-user tokens are always due, and only a login renews them, so this run cannot succeed for them. ${fix}`);
  return false;
}

/**
 * On a terminal only: never in CI, never with --json, never without a TTY on both ends. "No", Ctrl-C or
 * Ctrl-D ends the run with exit 130; what this pass already rotated (rarely anything) is listed first.
 */
async function offerLogin(ctx: Context, opts: RotateOptions, targets: string[], outcomes: RotationOutcome[]): Promise<boolean> {
  const { io } = ctx;
  if (!io.stdinIsTTY || !io.stderrIsTTY || ctx.env.CI || ctx.globals.json) return false;
  const yes = await ctx.prompter()
    .confirm(`Only a new login renews ${targets.map((t) => `"${t}"`).join(', ')}. Log in now?`, '--login', true)
    .catch((error: unknown) => (error instanceof CancelledError ? false : Promise.reject(error)));
  if (yes) return true;
  const rotated = outcomes.filter((o) => o.action === 'rotated');
  if (rotated.length === 0) throw new CancelledError(NOTHING_CHANGED);
  report(ctx, opts, outcomes);
  throw new CancelledError(`No login; nothing else changed (${rotated.map((o) => `"${o.name}"`).join(', ')} ${rotated.length === 1 ? 'was' : 'were'} rotated before the question).`);
}

function report(ctx: Context, opts: RotateOptions, outcomes: RotationOutcome[]): void {
  if (ctx.globals.json) {
    printJson(ctx, jsonView(outcomes));
  } else if (outcomes.length > 0) {
    const now = ctx.clock.now();
    printTable(ctx.io.out, ['name', 'result', 'expires', 'reason'], outcomes.map((o) => [o.name, o.action, o.action === 'failed' && o.expiresAt === null ? '-' : timeLeftOf(o.expiresAt, now), o.reason]), { width: ctx.io.columns });
  }
  const count = (action: string) => outcomes.filter((o) => o.action === action).length;
  if (outcomes.length === 0) ctx.io.err('No tokens in this profile: `fbtok login --pages` or `fbtok token import` first.');
  else if (opts.dryRun) {
    const unsure = outcomes.filter((o) => o.mayNeedLogin).length;
    const which = unsure === 0 ? '' : ` (${unsure} long-lived: Facebook usually gives those back unchanged, so likely only \`fbtok login\` renews ${unsure === 1 ? 'it' : 'them'})`;
    ctx.io.err(`Dry run: ${count('would-rotate')} would be rotated${which}, ${count('skipped')} not due, ${count('failed')} need attention; nothing was changed.`);
  }
  else ctx.io.err(`${count('rotated')} rotated, ${count('skipped')} skipped, ${count('failed')} failed.`);
  const code = worstExitCode(outcomes);
  if (code === ExitCode.tokenInvalid) ctx.io.warn('Some tokens are invalid: run `fbtok login` (then `fbtok rotate` re-derives the Page tokens).');
  else if (code === ExitCode.loginRequiredSoon) ctx.io.warn('Only a new login renews some tokens before they expire: run `fbtok login` (or `fbtok rotate --login`).');
}
