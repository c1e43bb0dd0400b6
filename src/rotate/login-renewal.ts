// `rotate --login` (or yes to the offer on a terminal): log in for the user tokens only a login can renew,
// then rotate again so the Page tokens that depend on them are re-derived from the new token.
import type { Context } from '../context.js';
import { ExitCode, FbtokError, needsInput } from '../errors.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { msOrNull } from '../tokens/token-record.js';
import { kindOf } from './plan.js';
import { runRotation, type RotationOptions } from './run-rotation.js';
import type { RotationOutcome } from './outcome.js';

export interface LoginRequest {
  device: boolean;
  /** The store name the new user token goes to. */
  save: string;
}

/** Runs one login and stores the user token under `save`. */
export type LoginRunner = (request: LoginRequest, ctx: Context) => Promise<number | void>;

/** The user tokens that failed (invalid, or due and not renewable by an exchange): a login renews them. */
export async function loginTargets(ctx: Context, outcomes: readonly RotationOutcome[]): Promise<string[]> {
  const failed = outcomes.filter((o) => o.action === 'failed' && (o.exitCode === ExitCode.tokenInvalid || o.exitCode === ExitCode.loginRequiredSoon));
  if (failed.length === 0) return [];
  const records = await (await ctx.store()).list();
  return failed.filter((o) => {
    const record = records.find((r) => r.name === o.name);
    return record !== undefined && kindOf(record, null) === 'user';
  }).map((o) => o.name);
}

/** A login needs a person at a terminal: never a browser or a prompt in a non-interactive run. */
export function assertCanLogIn(ctx: Context): void {
  if (!ctx.io.stdinIsTTY || !ctx.io.stderrIsTTY || ctx.env.CI) {
    throw needsInput('A login (--login)', 'Run `fbtok login` (or `fbtok login --device`) at a terminal, then `fbtok rotate` again; in CI, restore a fresh token from a secret.');
  }
}

export async function renewByLogin(
  ctx: Context,
  opts: RotationOptions & { targets: string[]; device: boolean },
  before: RotationOutcome[],
  login: LoginRunner,
): Promise<RotationOutcome[]> {
  assertCanLogIn(ctx);
  for (const save of opts.targets) {
    ctx.io.err(`Logging in to renew "${save}"...`);
    const code = await login({ device: opts.device, save }, ctx);
    if (typeof code === 'number' && code !== ExitCode.ok) return before;
  }
  const after = await runRotation(opts, ctx);
  const now = ctx.clock.now();
  return after.map((o) => {
    if (!opts.targets.includes(o.name) || o.action === 'failed') return o;
    return { ...o, action: 'rotated' as const, reason: `renewed by a new login; now expires ${formatExpiry(msOrNull(o.expiresAt), now)}` };
  });
}

/** The login command's runner, loaded only when a login is really wanted. */
export const loadLoginRunner: LoginRunner = async (request, ctx) => {
  const mod = (await import('../commands/login.js')) as unknown as { runLogin?: (opts: Record<string, unknown>, ctx: Context) => Promise<number | void> };
  if (!mod.runLogin) {
    throw new FbtokError('This build cannot log in from `rotate`.', { code: 'LOGIN_UNAVAILABLE', exitCode: ExitCode.loginRequiredSoon, remedy: 'Run `fbtok login`, then `fbtok rotate`.' });
  }
  return mod.runLogin({ device: request.device, save: request.save }, ctx);
};
