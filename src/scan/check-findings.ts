// `fbtok scan --check`: which found credentials still work, whose they are and what they can do.
import type { GraphClient } from '../graph/types.js';
import { debugTokens, type TokenInfo } from '../graph/debug-token.js';
import type { Finding } from './scan-files.js';

/**
 * live: works (or cannot be ruled out: unverified counts as live); dead: Graph or the profile says it no longer
 * works; malformed: Graph cannot parse it (no app, no type), so it is not a whole token and never called dead.
 */
export type Liveness = 'live' | 'dead' | 'unverified' | 'malformed';

export interface Verdict {
  status: Liveness;
  /** Why, in a few words (for people). */
  note?: string;
  /** What debug_token said, for access tokens. */
  info?: Pick<TokenInfo, 'type' | 'appId' | 'userId' | 'profileId' | 'scopes' | 'expiresAt'>;
}

export interface CheckFindingsOptions {
  /** Built on demand: only access tokens need Graph. Undefined when the profile has no app credentials. */
  graph?: () => Promise<{ graph: GraphClient; appToken: string } | undefined>;
  /** The profile's app id and secret, when known: app tokens and secrets of that app can be compared. */
  appId?: string;
  appSecret?: string;
  /** Ctrl-C ends the batched check at once. */
  signal?: AbortSignal;
}

/** A verdict per distinct credential (keyed by the secret), one batched debug_token run for the access tokens. */
export async function checkFindings(findings: readonly Finding[], opts: CheckFindingsOptions): Promise<Map<string, Verdict>> {
  const verdicts = new Map<string, Verdict>();
  const accessTokens = [...new Set(findings.filter((f) => f.kind === 'access-token').map((f) => f.secret))];
  if (accessTokens.length) {
    const graph = await opts.graph?.();
    if (!graph) {
      for (const token of accessTokens) verdicts.set(token, { status: 'unverified', note: 'no app credentials to ask debug_token with' });
    } else {
      const infos = await debugTokens(graph.graph, { appToken: graph.appToken, inputTokens: accessTokens, signal: opts.signal });
      accessTokens.forEach((token, i) => verdicts.set(token, verdictOf(infos[i])));
    }
  }
  for (const f of findings) {
    if (f.kind !== 'access-token' && !verdicts.has(f.secret)) verdicts.set(f.secret, appCredentialVerdict(f, opts));
  }
  return verdicts;
}

function verdictOf(info: TokenInfo): Verdict {
  const summary = { type: info.type, appId: info.appId, userId: info.userId, profileId: info.profileId, scopes: info.scopes, expiresAt: info.expiresAt };
  if (info.valid) return { status: 'live', info: summary };
  if (!info.appId && !info.type) return { status: 'malformed', note: 'Graph cannot parse it: not a whole token' };
  return { status: 'dead', note: info.error?.message ?? 'not valid', info: summary };
}

/**
 * An app secret cannot be asked about without using it, so only the profile's own app is judged:
 * the same secret is live, another one is an old (reset) secret. Anything else is unverified.
 */
function appCredentialVerdict(f: Finding, opts: CheckFindingsOptions): Verdict {
  const secret = f.kind === 'app-token' ? f.secret.slice(f.secret.indexOf('|') + 1) : f.secret;
  if (!f.appId || !opts.appId || f.appId !== opts.appId || !opts.appSecret) {
    return { status: 'unverified', note: "can't verify without the matching app; treat as live" };
  }
  if (secret.toLowerCase() === opts.appSecret.toLowerCase()) return { status: 'live', note: `the current secret of app ${f.appId}` };
  return { status: 'dead', note: `not the current secret of app ${f.appId} (reset since?)` };
}
