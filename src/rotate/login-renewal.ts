// `rotate --login` (or yes to the offer on a terminal): log in for the user tokens only a login can renew,
// then rotate again so the Page tokens that depend on them are re-derived from the new token.
import type { Context } from '../context.js';
import { ExitCode, needsInput } from '../errors.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { msOrNull } from '../tokens/token-record.js';
import { kindOf } from './plan.js';
import { runRotation, type RotationOptions } from './run-rotation.js';
import type { RotationOutcome } from './outcome.js';

export interface LoginRequest {
  device: boolean;
}

/** Runs one login; it stores the new user token as "user" (what `fbtok login` does). */
export type LoginRunner = (request: LoginRequest, ctx: Context) => Promise<number | void>;

/** The name `fbtok login` stores its token under: the only user token a login can renew. */
export const LOGIN_NAME = 'user';

/** ["user"] when the "user" token failed (invalid, or due and not renewable by an exchange): a login renews it. */
export async function loginTargets(ctx: Context, outcomes: readonly RotationOutcome[]): Promise<string[]> {
  const failed = outcomes.filter((o) => o.action === 'failed' && (o.exitCode === ExitCode.tokenInvalid || o.exitCode === ExitCode.loginRequiredSoon));
  if (failed.length === 0) return [];
  const records = await (await ctx.store()).list();
  const users = failed.filter((o) => {
    const record = records.find((r) => r.name === o.name);
    return record !== undefined && kindOf(record, null) === 'user';
  });
  const others = users.filter((o) => o.name !== LOGIN_NAME);
  if (others.length > 0) ctx.io.warn(`\`fbtok login\` stores its token as "${LOGIN_NAME}"; renew ${others.map((o) => `"${o.name}"`).join(', ')} with a login and \`fbtok token import --name\`.`);
  return users.some((o) => o.name === LOGIN_NAME) ? [LOGIN_NAME] : [];
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
  ctx.io.err(`Logging in to renew ${opts.targets.map((t) => `"${t}"`).join(', ')}...`);
  const code = await login({ device: opts.device }, ctx);
  if (typeof code === 'number' && code !== ExitCode.ok) return before;
  const after = await runRotation(opts, ctx);
  const now = ctx.clock.now();
  const renewed = after.map((o) => {
    if (!opts.targets.includes(o.name) || o.action === 'failed') return o;
    return { ...o, action: 'rotated' as const, reason: `renewed by a new login; now expires ${formatExpiry(msOrNull(o.expiresAt), now)}` };
  });
  return mergeRuns(before, renewed);
}

/**
 * One report for the whole run: what the pass before the login did is kept where the pass after it found
 * nothing more to do (a token rotated first is "not due" the second time); a token acted on in both says both.
 */
export function mergeRuns(first: readonly RotationOutcome[], second: readonly RotationOutcome[]): RotationOutcome[] {
  const earlier = new Map(first.map((o) => [o.name, o]));
  const merged = second.map((o) => {
    const before = earlier.get(o.name);
    earlier.delete(o.name);
    if (before?.action !== 'rotated') return o;
    if (o.action === 'skipped') return before;
    return { ...o, reason: `${before.reason}; then ${o.reason}` };
  });
  return [...merged, ...earlier.values()];
}

/** The login flow `fbtok login` runs, loaded only when a login is really wanted. */
export const loadLoginRunner: LoginRunner = async (request, ctx) => {
  const { defaultLoginOptions, runLogin } = await import('../auth/login-flow.js');
  return runLogin(defaultLoginOptions(request.device ? 'device' : 'browser'), ctx);
};
