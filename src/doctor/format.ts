// The doctor report for people (one line per finding, its fix on the same line) and for scripts (--json).
import type { Style } from '../io/io.js';
import { redact } from '../util/redact.js';
import type { Finding, FindingStatus } from './finding.js';

export interface DoctorSummary {
  ok: number;
  warn: number;
  fail: number;
  skip: number;
  exitCode: number;
}

/** The --json document: every finding, then the counts and the exit code. */
export interface DoctorJson {
  findings: Finding[];
  summary: DoctorSummary;
}

const WORDS: Record<FindingStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip' };
const MARKS: Record<FindingStatus, string> = { ok: '✓', warn: '!', fail: '✗', skip: '-' };

const EXIT_MEANINGS: Record<number, string> = {
  1: 'unexpected error',
  2: 'configuration',
  3: 'token invalid',
  4: 'missing permission',
  5: 'rate limited',
  6: 'Graph unreachable',
  7: 'store',
  8: 'expiring soon',
};

export function summarize(findings: readonly Finding[], exitCode: number): DoctorSummary {
  const count = (s: FindingStatus) => findings.filter((f) => f.status === s).length;
  return { ok: count('ok'), warn: count('warn'), fail: count('fail'), skip: count('skip'), exitCode };
}

export function toJson(findings: readonly Finding[], exitCode: number): DoctorJson {
  return {
    findings: findings.map((f) => ({ ...f, message: redact(f.message), remedy: f.remedy === null ? null : redact(f.remedy) })),
    summary: summarize(findings, exitCode),
  };
}

/**
 * "ok   config.app-id      app id 123", "FAIL token user  ...  fix: run `fbtok login`". With colour, marks
 * (✓ ! ✗ -) replace the words; without it the words stay, so logs and grep read the same.
 */
export function formatFindings(findings: readonly Finding[], view: { color: boolean; style: Style }): string[] {
  const width = Math.max(0, ...findings.map((f) => f.check.length));
  return findings.map((f) => {
    const status = view.color ? paint(view.style, f.status, MARKS[f.status]) : WORDS[f.status].padEnd(4);
    const fix = f.remedy && f.status !== 'ok' ? `  fix: ${f.remedy}` : '';
    return redact(`${status} ${f.check.padEnd(width)}  ${f.message}${fix}`);
  });
}

/** "doctor: 12 ok, 2 warnings, 1 failed, 2 skipped; exit 3 (token invalid)", for stderr. */
export function summaryLine(summary: DoctorSummary): string {
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const parts = [`${summary.ok} ok`, plural(summary.warn, 'warning', 'warnings'), `${summary.fail} failed`, `${summary.skip} skipped`];
  const outcome = summary.exitCode === 0 ? 'exit 0' : `exit ${summary.exitCode} (${EXIT_MEANINGS[summary.exitCode] ?? 'see --help'})`;
  return `doctor: ${parts.join(', ')}; ${outcome}`;
}

function paint(style: Style, status: FindingStatus, text: string): string {
  if (status === 'ok') return style.green(text);
  if (status === 'warn') return style.yellow(text);
  if (status === 'fail') return style.red(text);
  return style.dim(text);
}
