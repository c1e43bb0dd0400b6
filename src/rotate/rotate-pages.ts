// Page tokens are re-derived from the current user token (one /me/accounts walk per user token), each new
// one verified with debug_token (batched), and all verified ones stored in one put. A Page the user no
// longer manages is reported and kept: deleting is for `fbtok token delete`.
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived#long-lived-page-token
import type { TokenInfo } from '../graph/debug-token.js';
import { debugTokens } from '../graph/debug-token.js';
import { listManagedPages, type ManagedPage } from '../graph/pages.js';
import type { StoredToken } from '../store/token-store.js';
import { ExitCode } from '../errors.js';
import { pageRecords, withOwnLifetime } from '../tokens/page-records.js';
import { formatExpiry } from '../tokens/lifetime.js';
import { COMMAND, isTokenProblem, loginBefore, outcome, type RotationEnv, type RotationOutcome, type RotationTarget } from './outcome.js';
import { verifyReplacement } from './verify.js';

export interface PageSourceToken {
  name: string;
  token: string;
  info: TokenInfo;
}

export interface PageDerivation {
  target: RotationTarget & { token: string; info: TokenInfo };
  reason: string;
}

/** The Page id of a Page record: its subject, else what debug_token said, else the name's suffix. */
export function pageIdOf(target: RotationTarget): string | null {
  return target.record.subjectId ?? target.info?.profileId ?? (/^page:(\d+)$/.exec(target.record.name)?.[1] ?? null);
}

export async function rederivePages(env: RotationEnv, source: PageSourceToken, jobs: readonly PageDerivation[]): Promise<RotationOutcome[]> {
  if (jobs.length === 0) return [];
  if (env.dryRun) {
    return jobs.map((j) => outcome(j.target.record.name, 'would-rotate', `${j.reason}: would re-derive it from "${source.name}"`, j.target.info.valid ? j.target.info.expiresAt : null));
  }
  let pages: ManagedPage[];
  try {
    pages = await listManagedPages(env.graph, { userToken: source.token });
  } catch (error) {
    if (!isTokenProblem(error)) throw error;
    return jobs.map((j) => failed(j, `${j.reason}; "${source.name}" cannot list Pages (${error.message}): run \`fbtok login\``, ExitCode.tokenInvalid));
  }
  const byId = new Map(pages.map((p) => [p.id, p]));
  const results: RotationOutcome[] = [];
  const candidates: Array<{ job: PageDerivation; stored: StoredToken }> = [];
  for (const job of jobs) {
    const page = byId.get(pageIdOf(job.target) ?? '');
    const missing = !page ? 'the user no longer manages this Page' : page.accessToken === null ? "Facebook gave no token for this Page (the user's tasks there do not allow one)" : null;
    if (missing) {
      results.push(notManaged(job, missing));
      continue;
    }
    const [stored] = pageRecords({ userToken: source.token, user: source.info, pages: [page!], nowMs: env.now() });
    const { record } = job.target;
    stored.record = { ...stored.record, name: record.name, subjectName: page!.name || record.subjectName };
    candidates.push({ job, stored });
  }
  if (candidates.length === 0) return order(jobs, results);
  const infos = await debugTokens(env.graph, { appToken: env.appToken, inputTokens: candidates.map((c) => c.stored.secret) });
  const verified: StoredToken[] = [];
  candidates.forEach(({ job, stored }, i) => {
    const after = infos[i];
    const verdict = verifyReplacement(job.target.info, after, { appId: env.appId, subjectId: stored.record.subjectId, page: true });
    if (!verdict.ok && !after.valid) {
      // Facebook handed out a dead token (often the same one): only a new login helps.
      results.push(failed(job, `${job.reason}; re-derived, but ${verdict.problem}: run \`fbtok login\``, ExitCode.tokenInvalid));
      return;
    }
    if (!verdict.ok) {
      results.push(failed(job, `${job.reason}; kept the current token: ${verdict.problem}: ${loginBefore(source.info)}`, ExitCode.loginRequiredSoon));
      return;
    }
    verified.push(withOwnLifetime(stored, after));
    results.push(outcome(job.target.record.name, 'rotated', `${job.reason}: re-derived from "${source.name}"; now expires ${formatExpiry(after.expiresAt, env.now())}`, after.expiresAt));
  });
  if (verified.length > 0) await env.store.put(verified, { command: COMMAND });
  return order(jobs, results);
}

/** Reported, not deleted: exit 3 when the Page token no longer works, a warning-only skip while it does. */
function notManaged(job: PageDerivation, why: string): RotationOutcome {
  const { record, info } = job.target;
  const keep = `kept, not deleted (\`fbtok token delete ${record.name}\` removes it)`;
  if (!info.valid) return failed(job, `${job.reason}; ${why}: ${keep}; regain the role, then \`fbtok login\``, ExitCode.tokenInvalid);
  return outcome(record.name, 'skipped', `${job.reason}; ${why}: ${keep}`, info.expiresAt);
}

function failed(job: PageDerivation, reason: string, exitCode: number): RotationOutcome {
  const { info } = job.target;
  return outcome(job.target.record.name, 'failed', reason, info.valid ? info.expiresAt : null, exitCode);
}

function order(jobs: readonly PageDerivation[], results: RotationOutcome[]): RotationOutcome[] {
  return jobs.map((j) => results.find((r) => r.name === j.target.record.name)!);
}
