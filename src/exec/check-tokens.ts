// `fbtok exec --check`: asks debug_token about every token before the child starts (one batched call per profile).
import { ExitCode, FbtokError } from '../errors.js';
import { debugTokens } from '../graph/debug-token.js';
import { appAccessToken } from '../tokens/app-credentials.js';
import { formatSpan, formatTimeLeft } from '../util/duration.js';
import { refLabel } from './env-plan.js';
import { clause } from '../util/sentence.js';
import { remedyFor, type ResolvedToken } from './resolve-tokens.js';

export interface CheckTokensOptions {
  tokens: ResolvedToken[];
  /** Least time a token must have left. */
  minValidMs: number;
  nowMs: number;
}

/** Throws (exit 3 invalid, exit 8 expiring within the window) for the first token that is not fit to hand out. */
export async function checkTokens(opts: CheckTokensOptions): Promise<void> {
  const byContext = new Map<ResolvedToken['ctx'], ResolvedToken[]>();
  for (const token of opts.tokens) byContext.set(token.ctx, [...(byContext.get(token.ctx) ?? []), token]);
  for (const [ctx, tokens] of byContext) {
    const distinct = [...new Set(tokens.map((t) => t.secret))];
    const [graph, appToken] = await Promise.all([ctx.graph(), appAccessToken(ctx)]);
    const infos = await debugTokens(graph, { appToken, inputTokens: distinct });
    const infoOf = new Map(distinct.map((secret, i) => [secret, infos[i]]));
    for (const token of tokens) {
      const info = infoOf.get(token.secret)!;
      const label = refLabel(token.ref);
      if (!info.valid) {
        const why = clause(info.error?.message ?? 'debug_token says it is not valid');
        throw new FbtokError(`The token "${label}" is not valid: ${why}. The program was not started.`, {
          code: 'TOKEN_INVALID',
          exitCode: ExitCode.tokenInvalid,
          remedy: remedyFor(token.record),
        });
      }
      if (info.expiresAt !== null && info.expiresAt - opts.nowMs < opts.minValidMs) {
        throw new FbtokError(
          `The token "${label}" expires in ${formatTimeLeft(info.expiresAt, opts.nowMs)}, less than --min-valid ${formatSpan(opts.minValidMs)}. The program was not started.`,
          // One remedy: rotate renews what can be renewed and says when only a login can.
          { code: 'TOKEN_EXPIRING', exitCode: ExitCode.loginRequiredSoon, remedy: 'Run `fbtok rotate` (it says when only `fbtok login` can renew it), or lower --min-valid.' },
        );
      }
    }
  }
}
