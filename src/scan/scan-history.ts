// `fbtok scan --history`: the lines each commit added (`git log -p`), so a token committed and later deleted
// is still found, with the commit that added it. Streamed: memory stays flat on a long history.
import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import { sanitize } from '../io/sanitize.js';
import { findSecrets } from './find-secrets.js';
import { emptyResult, findingOf, sortFindings, type ScanResult } from './scan-files.js';

export interface ScanHistoryOptions {
  /** A directory inside the work tree (default: the current directory). */
  cwd?: string;
  /** Pathspecs limiting the scan (the PATH arguments). */
  paths?: readonly string[];
  /** Only commits more recent than this (git's --since: "2024-01-01", "6 months ago"). */
  since?: string;
  signal?: AbortSignal;
  /** The git executable (default 'git'). */
  git?: string;
}

/** Added text of one file is scanned in pieces of about this many characters. */
const FLUSH_CHARS = 1024 * 1024;

/** The added lines of one file in one commit, with their line numbers in that commit's version. */
class AddedLines {
  lines: string[] = [];
  numbers: number[] = [];
  chars = 0;
  constructor(readonly commit: string, readonly file: string) {}
}

export async function scanHistory(opts: ScanHistoryOptions): Promise<ScanResult> {
  const result = emptyResult();
  const files = new Set<string>();
  let current: AddedLines | undefined;
  let commit = '';
  let file: string | undefined;
  let newLine = 0;
  const flush = () => {
    if (!current?.lines.length) return;
    for (const m of findSecrets(current.lines.join('\n'))) {
      result.findings.push(findingOf(current.file, { ...m, line: current.numbers[m.line - 1], column: m.column }, current.commit));
    }
    current = new AddedLines(current.commit, current.file);
  };
  const onLine = (line: string) => {
    if (line.startsWith('\0')) {
      flush();
      commit = line.slice(1).trim();
      file = undefined;
      current = undefined;
    } else if (line.startsWith('diff --git ')) {
      flush();
      file = undefined;
      current = undefined;
    } else if (line.startsWith('+++ ')) {
      const target = unquote(line.slice(4));
      file = target === '/dev/null' ? undefined : target.replace(/^b\//, '');
      if (file) {
        files.add(file);
        current = new AddedLines(commit, file);
      }
    } else if (line.startsWith('@@ ')) {
      newLine = Number(/\+(\d+)/.exec(line)?.[1] ?? 1);
    } else if (current && line.startsWith('+')) {
      current.lines.push(line.slice(1));
      current.numbers.push(newLine++);
      current.chars += line.length;
      if (current.chars > FLUSH_CHARS) flush();
    } else if (line.startsWith(' ')) {
      newLine++;
    }
  };
  const args = ['-c', 'core.quotePath=false', 'log', '--all', '-p', '--text', '--no-color', '--no-ext-diff', '--no-textconv', '--no-renames', '--format=%x00%H'];
  if (opts.since) args.push(`--since=${opts.since}`);
  if (opts.paths?.length) args.push('--', ...opts.paths);
  await streamGitLines(opts.git ?? 'git', args, opts.cwd, onLine, opts.signal);
  flush();
  result.filesScanned = files.size;
  sortFindings(result.findings);
  return result;
}

/** git quotes paths with unusual characters: "b/na\303\257ve \"x\".js". */
function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  const bytes: number[] = [];
  const body = path.slice(1, path.lastIndexOf('"'));
  const named: Record<string, number> = { n: 10, t: 9, r: 13, a: 7, b: 8, f: 12, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') bytes.push(c.charCodeAt(0) & 0xff);
    else if (/[0-7]{3}/.test(body.slice(i + 1, i + 4))) (bytes.push(parseInt(body.slice(i + 1, i + 4), 8)), (i += 3));
    else bytes.push(named[body[++i]] ?? body.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

function streamGitLines(git: string, args: string[], cwd: string | undefined, onLine: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(git, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], signal });
    let rest = '';
    let err = '';
    // latin1 keeps every byte as one character: tokens are ASCII, and nothing fails on odd bytes.
    child.stdout.setEncoding('latin1').on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\n');
      rest = parts.pop()!;
      for (const part of parts) onLine(part);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err.length < 4096 ? (err += d) : undefined));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UsageError('--history needs git, and it was not found on PATH.', 'Install git, or scan the files instead: fbtok scan .') : error),
    );
    child.on('close', (code) => {
      if (rest) onLine(rest);
      if (code === 0) return resolve();
      const first = err.trim().split('\n')[0] || `exit ${code}`;
      reject(
        new UsageError(
          `git log failed: ${sanitize(first, { max: 200 })}`,
          '--history scans the git history of the repository the command runs in: run it inside a work tree, with a --since git understands (e.g. "6 months ago", 2024-01-31).',
          'GIT_FAILED',
        ),
      );
    });
  });
}
