// User tokens: exchange (fb_exchange_token), verify, swap. A long-lived token usually comes back unchanged
// (Meta: "will simply pass that same access_token back to you"), so it is tried once and the answer checked;
// when the expiry did not move, only a new login helps, and that is said days before it matters.
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
import type { TokenInfo } from '../graph/debug-token.js';
import { debugToken } from '../graph/debug-token.js';
import { exchangeForLongLived, type TokenGrant } from '../graph/oauth.js';
import { ExitCode } from '../errors.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { isLongLived, recordFromInfo } from '../tokens/token-record.js';
import { COMMAND, isRefusal, isTokenProblem, loginBefore, outcome, type RotationEnv, type RotationOutcome, type RotationTarget } from './outcome.js';
import { verifyReplacement } from './verify.js';

export interface Replacement {
  token: string;
  info: TokenInfo;
}

export interface StepResult {
  outcome: RotationOutcome;
  /** Set when the store now holds a new token under this name. */
  replaced?: Replacement;
}

/** Exchanges a due user token; `reason` is the plan's ("expires in 3d (within 10d)"). */
export async function rotateUserToken(env: RotationEnv, target: RotationTarget & { token: string; info: TokenInfo }, reason: string): Promise<StepResult> {
  const { record, token, info } = target;
  const longLived = isLongLived(info, env.now());
  if (env.dryRun) {
    const note = longLived ? ' (a long-lived token usually comes back unchanged; then only `fbtok login` helps)' : '';
    const result = outcome(record.name, 'would-rotate', `${reason}: would exchange it${note}`, info.expiresAt);
    return { outcome: longLived ? { ...result, mayNeedLogin: true } : result };
  }
  let grant: TokenGrant;
  try {
    grant = await exchangeForLongLived(env.graph, { appId: env.appId, appSecret: env.appSecret, token });
  } catch (error) {
    if (isTokenProblem(error)) return failed(record.name, `${reason}; the exchange says the token is invalid (${error.message}): run \`fbtok login\``, info, ExitCode.tokenInvalid);
    if (isRefusal(error)) return failed(record.name, `${reason}; Facebook refused the exchange (${error.message}): ${loginBefore(info)}`, info);
    throw error;
  }
  const cannot = longLived ? 'long-lived token cannot be extended' : 'the exchange did not give a longer-lived token';
  if (grant.accessToken === token) return failed(record.name, `${reason}; ${cannot}: ${loginBefore(info)}`, info);
  const after = await debugToken(env.graph, { appToken: env.appToken, inputToken: grant.accessToken });
  const verdict = verifyReplacement(info, after, { appId: env.appId, subjectId: info.userId });
  if (!verdict.ok) {
    const why = verdict.notExtended ? cannot : `kept the current token: ${verdict.problem}`;
    return failed(record.name, `${reason}; ${why}: ${loginBefore(info)}`, info);
  }
  const next = recordFromInfo({
    name: record.name,
    token: grant.accessToken,
    info: after,
    obtainedVia: 'rotate',
    obtainedAtMs: grant.obtainedAt,
    subjectName: record.subjectName,
  });
  await env.store.put([{ record: next, secret: grant.accessToken }], { command: COMMAND });
  const now = env.now();
  return {
    outcome: outcome(record.name, 'rotated', `${reason}: exchanged; now expires ${formatExpiry(after.expiresAt, now)}`, after.expiresAt),
    replaced: { token: grant.accessToken, info: after },
  };
}

function failed(name: string, reason: string, info: TokenInfo, exitCode: number = ExitCode.loginRequiredSoon): StepResult {
  return { outcome: outcome(name, 'failed', reason, info.valid ? info.expiresAt : null, exitCode) };
}
