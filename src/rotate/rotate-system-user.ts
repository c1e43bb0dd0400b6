// System-user tokens (Business Manager, imported with `token import`). Expiring ones "need to refresh":
// public code does it with fb_exchange_token and set_token_expires_in_60_days=true. That is unsure in our
// facts, so the call sits behind one function, any refusal is reported, and the answer is verified.
// https://developers.facebook.com/docs/marketing-api/system-users/install-apps-and-generate-tokens
import type { TokenInfo } from '../graph/debug-token.js';
import { debugToken } from '../graph/debug-token.js';
import { exchangeForLongLived, type TokenGrant } from '../graph/oauth.js';
import type { GraphClient } from '../graph/types.js';
import { ExitCode } from '../errors.js';
import { formatDate, formatExpiry } from '../tokens/lifetime.js';
import { recordFromInfo } from '../tokens/token-record.js';
import { COMMAND, isRefusal, isTokenProblem, outcome, type RotationEnv, type RotationTarget } from './outcome.js';
import type { StepResult } from './rotate-user.js';
import { verifyReplacement } from './verify.js';

export interface RefreshSystemUserTokenOptions {
  appId: string;
  appSecret: string;
  token: string;
  /** Ask for another 60 days; false for a non-expiring token (asking would make it expire). */
  extend60Days: boolean;
}

/** The one Graph call that refreshes a system-user token. */
export function refreshSystemUserToken(graph: GraphClient, options: RefreshSystemUserTokenOptions): Promise<TokenGrant> {
  return exchangeForLongLived(graph, { appId: options.appId, appSecret: options.appSecret, token: options.token, systemUser: options.extend60Days });
}

export async function rotateSystemUserToken(
  env: RotationEnv,
  target: RotationTarget & { token: string; info: TokenInfo },
  step: { reason: string; extend60Days: boolean },
): Promise<StepResult> {
  const { record, token, info } = target;
  const { reason } = step;
  if (env.dryRun) return { outcome: outcome(record.name, 'would-rotate', `${reason}: would refresh it`, info.expiresAt) };
  let grant: TokenGrant;
  try {
    grant = await refreshSystemUserToken(env.graph, { appId: env.appId, appSecret: env.appSecret, token, extend60Days: step.extend60Days });
  } catch (error) {
    if (isTokenProblem(error)) return failed(record.name, `${reason}; the refresh says the token is invalid (${error.message}): ${regenerate(record.name, null)}`, info, ExitCode.tokenInvalid);
    if (isRefusal(error)) return failed(record.name, `${reason}; Facebook refused the refresh (${error.message}): ${regenerate(record.name, info.expiresAt)}`, info);
    throw error;
  }
  if (grant.accessToken === token) {
    if (info.expiresAt === null) return { outcome: outcome(record.name, 'skipped', `${reason}: Facebook returned the same token; it never expires, so it stays`, null) };
    return failed(record.name, `${reason}; the refresh returned the same token: ${regenerate(record.name, info.expiresAt)}`, info);
  }
  const after = await debugToken(env.graph, { appToken: env.appToken, inputToken: grant.accessToken });
  const verdict = verifyReplacement(info, after, { appId: env.appId, subjectId: info.userId });
  if (!verdict.ok) return failed(record.name, `${reason}; kept the current token: ${verdict.problem}: ${regenerate(record.name, info.expiresAt)}`, info);
  const next = recordFromInfo({ name: record.name, token: grant.accessToken, info: after, obtainedVia: 'rotate', obtainedAtMs: grant.obtainedAt, subjectName: record.subjectName });
  await env.store.put([{ record: next, secret: grant.accessToken }], { command: COMMAND });
  return {
    outcome: outcome(record.name, 'rotated', `${reason}: refreshed; now expires ${formatExpiry(after.expiresAt, env.now())}`, after.expiresAt),
    replaced: { token: grant.accessToken, info: after },
  };
}

/** A system user cannot log in: a new token comes from Business Manager. */
function regenerate(name: string, before: number | null): string {
  const when = before === null ? '' : ` before ${formatDate(before)}`;
  return `generate a new token in Business Manager (System users > Generate token) and \`fbtok token import --token-stdin --name ${name} --force\`${when}`;
}

function failed(name: string, reason: string, info: TokenInfo, exitCode: number = ExitCode.loginRequiredSoon): StepResult {
  return { outcome: outcome(name, 'failed', reason, info.valid ? info.expiresAt : null, exitCode) };
}
