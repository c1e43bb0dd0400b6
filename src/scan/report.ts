// How scan findings are shown: one line per finding on stdout, a summary and the leak playbook on stderr.
// Only fingerprints are ever shown, never a credential. File names are foreign text: sanitised when printed.
import { ExitCode } from '../errors.js';
import { sanitizeName } from '../io/sanitize.js';
import { subjectIdOf } from '../tokens/token-record.js';
import type { Liveness, Verdict } from './check-findings.js';
import type { Finding, ScanResult, SkippedFile } from './scan-files.js';

export interface FindingView {
  file: string;
  line: number;
  column: number;
  kind: Finding['kind'];
  fingerprint: string;
  appId?: string;
  /** --history: the commit that added it. */
  commit?: string;
  status?: Liveness;
  note?: string;
  type?: string | null;
  subjectId?: string | null;
  /** Deprecated beside subjectId (as in debug-token). */
  userId?: string | null;
  profileId?: string | null;
  scopes?: string[];
  expiresAt?: string | null;
}

/** The printable view of a finding: built field by field, so the secret cannot slip through. */
export function viewOf(f: Finding, verdict?: Verdict): FindingView {
  const view: FindingView = { file: f.file, line: f.line, column: f.column, kind: f.kind, fingerprint: f.fingerprint };
  const appId = verdict?.info?.appId ?? f.appId;
  if (appId) view.appId = appId;
  if (f.commit) view.commit = f.commit;
  if (!verdict) return view;
  view.status = verdict.status;
  if (verdict.note) view.note = verdict.note;
  if (verdict.info) {
    const { info } = verdict;
    Object.assign(view, { type: info.type, subjectId: subjectIdOf(info), userId: info.userId, profileId: info.profileId, scopes: [...info.scopes] });
    view.expiresAt = info.expiresAt === null ? null : new Date(info.expiresAt).toISOString();
  }
  return view;
}

/** `file:line kind fingerprint` (and `commit=` with --history), then with --check the status and whose / what it is. */
export function formatFinding(v: FindingView): string {
  const parts = [`${sanitizeName(v.file)}:${v.line}`, v.kind, v.fingerprint];
  if (v.commit) parts.push(`commit=${v.commit.slice(0, 12)}`);
  if (v.status) parts.push(v.status);
  if (v.type) parts.push(`type=${v.type}`);
  if (v.type === 'PAGE' && v.profileId) parts.push(`page=${v.profileId}`);
  else if (v.userId) parts.push(`user=${v.userId}`);
  if (v.appId) parts.push(`app=${v.appId}`);
  if (v.scopes?.length) parts.push(`scopes=${v.scopes.join(',')}`);
  return parts.join(' ');
}

/**
 * 0 every file scanned and nothing found; 13 nothing found but some files were not scanned; 10 found;
 * 11 found and live (unverified counts as live). A finding outranks a skipped file.
 */
export function scanExitCode(views: readonly FindingView[], skippedFiles = 0): number {
  if (views.length === 0) return skippedFiles ? ExitCode.scanIncomplete : ExitCode.ok;
  if (views.some((v) => v.status === 'live' || v.status === 'unverified')) return ExitCode.scanFoundLiveToken;
  return ExitCode.scanFoundToken;
}

export interface ScanSummary {
  filesScanned: number;
  skipped: ScanResult['skipped'];
  skippedFiles: SkippedFile[];
  found: number;
  distinct: number;
  live?: number;
  dead?: number;
  unverified?: number;
  malformed?: number;
}

export function summarize(result: ScanResult, views: readonly FindingView[]): ScanSummary {
  const distinct = new Set(views.map((v) => v.fingerprint)).size;
  const summary: ScanSummary = { filesScanned: result.filesScanned, skipped: result.skipped, skippedFiles: result.skippedFiles, found: views.length, distinct };
  if (views.some((v) => v.status)) {
    for (const status of ['live', 'dead', 'unverified', 'malformed'] as const) {
      summary[status] = new Set(views.filter((v) => v.status === status).map((v) => v.fingerprint)).size;
    }
  }
  return summary;
}

/** Lines for stderr: what was scanned and found, what was not scanned and why, then what to do about it. */
export function summaryLines(summary: ScanSummary, checked: boolean, maxSize?: number): string[] {
  const skipped = summary.skippedFiles.length;
  const scanned = `${summary.filesScanned} file(s) scanned${skipped ? `, ${skipped} skipped` : ''}`;
  const skips = skippedLines(summary.skippedFiles, maxSize);
  if (summary.found === 0 && !skipped) return [`No Facebook tokens or app secrets found; ${scanned}.`];
  if (summary.found === 0) return [`No Facebook tokens or app secrets found in what was scanned (${scanned}); the scan is incomplete (exit 13).`, ...skips];
  const lines = [`Found ${summary.found} credential(s), ${summary.distinct} distinct; ${scanned}.`, ...skips];
  if (checked) {
    const malformed = summary.malformed ? `, not whole tokens (Graph cannot parse them): ${summary.malformed}` : '';
    lines.push(`Live: ${summary.live ?? 0}, dead: ${summary.dead ?? 0}, unverified (treat as live): ${summary.unverified ?? 0}${malformed}.`);
  } else lines.push('Run with --check to learn which are still live.');
  return [...lines, ...LEAK_PLAYBOOK];
}

/** At most this many skipped files are named on stderr (--json lists them all). */
const SKIPS_SHOWN = 20;

/** Which files were not scanned and why, and how to scan them. */
function skippedLines(files: readonly SkippedFile[], maxSize?: number): string[] {
  if (!files.length) return [];
  const lines = ['Not scanned:'];
  for (const f of files.slice(0, SKIPS_SHOWN)) lines.push(`  ${sanitizeName(f.file)}: ${reasonOf(f, maxSize)}`);
  if (files.length > SKIPS_SHOWN) lines.push(`  ... and ${files.length - SKIPS_SHOWN} more (--json lists them all).`);
  const remedies = [];
  if (files.some((f) => f.reason === 'binary-too-large')) remedies.push('raise --max-size to scan larger binaries');
  if (files.some((f) => f.reason === 'unreadable')) remedies.push('make unreadable files readable by this user (or run as their owner)');
  lines.push(`To scan them: ${remedies.join('; ')}.`);
  return lines;
}

function reasonOf(f: SkippedFile, maxSize?: number): string {
  if (f.reason === 'unreadable') return `unreadable${f.detail ? ` (${sanitizeName(f.detail)})` : ''}`;
  const size = typeof f.detail === 'number' ? `${mib(f.detail)} ` : '';
  return `a binary file ${size}over --max-size${maxSize ? ` ${mib(maxSize)}` : ''}`;
}

function mib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export const LEAK_PLAYBOOK = [
  'What to do about a leaked credential:',
  '  1. Revoke it: `fbtok revoke` (a user token: this de-authorizes the app for that user; its Page tokens die too).',
  '  2. Log in again: `fbtok login`, then `fbtok page-tokens` to re-derive the Page tokens.',
  '  3. An app secret or app token (APPID|SECRET): reset the secret in the App Dashboard (Settings > Basic),',
  '     then `printf %s "$NEW_SECRET" | fbtok config set app-secret --stdin`.',
  '  4. Remove it from the code and the git history, and hand tokens over at run time instead:',
  '     `fbtok exec --env PAGE_ACCESS_TOKEN=page:<id> -- node bot.js`.',
];
