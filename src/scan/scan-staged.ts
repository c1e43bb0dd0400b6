// `fbtok scan --staged`: scans the content git would commit (the index), not the work tree,
// so a pre-commit hook sees exactly what is about to be recorded.
import { spawn } from 'node:child_process';
import { UsageError } from '../errors.js';
import { emptyResult, scanContent, sortFindings, type ScanResult } from './scan-files.js';

export interface ScanStagedOptions {
  /** A directory inside the work tree (default: the current directory). */
  cwd?: string;
  /** Pathspecs limiting the scan (the PATH arguments). */
  paths?: readonly string[];
  maxSize: number;
  /** The git executable (default 'git'). */
  git?: string;
}

interface StagedBlob {
  path: string;
  sha: string;
}

/** Staged blobs of added, copied, modified and renamed files; paths relative to the top of the work tree. */
export async function listStagedBlobs(opts: Pick<ScanStagedOptions, 'cwd' | 'paths' | 'git'>): Promise<StagedBlob[]> {
  const args = ['diff', '--cached', '--raw', '-z', '--no-abbrev', '--no-renames', '--diff-filter=ACMR'];
  if (opts.paths?.length) args.push('--', ...opts.paths);
  const out = (await runGit(opts.git ?? 'git', args, opts.cwd).catch((error) => explainGitFailure(error, opts))).toString('utf8');
  // Each entry: ":<old mode> <new mode> <old sha> <new sha> <status>\0<path>\0"
  const fields = out.split('\0');
  const blobs: StagedBlob[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i].replace(/^:/, '').split(' ');
    const newMode = meta[1];
    // Symbolic links (120000) and submodules (160000) carry no file content of their own.
    if (newMode === '100644' || newMode === '100755') blobs.push({ path: fields[i + 1], sha: meta[3] });
  }
  return blobs;
}

/** Scans every staged blob, read in one `git cat-file --batch` process. */
export async function scanStaged(opts: ScanStagedOptions): Promise<ScanResult> {
  const result = emptyResult();
  const blobs = await listStagedBlobs(opts);
  if (blobs.length === 0) return result;
  const out = await runGit(opts.git ?? 'git', ['cat-file', '--batch'], opts.cwd, blobs.map((b) => b.sha).join('\n') + '\n');
  let pos = 0;
  for (const blob of blobs) {
    // "<sha> blob <size>\n<content>\n"
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) throw new Error(`git cat-file: unexpected header for ${blob.path}`);
    const content = out.subarray(eol + 1, eol + 1 + size);
    pos = eol + 1 + size + 1;
    scanContent(blob.path, content, opts.maxSize, result);
  }
  sortFindings(result.findings);
  return result;
}

/**
 * Outside a repository `git diff --cached` does not say so: it falls back to `--no-index` and complains
 * about `--cached`. Only then (no cost in a hook) does one `git rev-parse` tell what is wrong.
 */
async function explainGitFailure(error: unknown, opts: Pick<ScanStagedOptions, 'cwd' | 'git'>): Promise<never> {
  if (!(error instanceof UsageError) || error.code !== 'GIT_FAILED') throw error;
  const inWorkTree = await runGit(opts.git ?? 'git', ['rev-parse', '--is-inside-work-tree'], opts.cwd).then(
    (out) => out.toString('utf8').trim() === 'true',
    () => false,
  );
  if (inWorkTree) throw error;
  throw new UsageError(
    `${opts.cwd ?? 'The current directory'} is not in a git repository (or not in its work tree), and --staged scans what git would commit.`,
    'Run it inside the work tree (a pre-commit hook does), or scan files instead: fbtok scan .',
    'NOT_A_GIT_REPOSITORY',
  );
}

function runGit(git: string, args: string[], cwd: string | undefined, input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(git, args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new UsageError('--staged needs git, and it was not found on PATH.', 'Install git, or scan paths instead: fbtok scan .') : error),
    );
    child.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const message = Buffer.concat(err).toString('utf8').trim().split('\n')[0] || `exit ${code}`;
      reject(new UsageError(`git ${args[0]} failed: ${message}`, '--staged scans the index of the git repository the command runs in; run it inside a work tree.', 'GIT_FAILED'));
    });
    if (input !== undefined) {
      child.stdin!.on('error', () => {}); // git exiting early is reported by 'close'
      child.stdin!.end(input);
    }
  });
}
