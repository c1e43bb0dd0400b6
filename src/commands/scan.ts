import type { Command } from 'commander';
import { appTokenFor } from '../graph/oauth.js';
import { stat } from 'node:fs/promises';
import type { Context } from '../context.js';
import { startProgress, type Progress } from '../io/progress.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { UsageError } from '../errors.js';
import { DEFAULT_MAX_SIZE, scanFiles, type ScanResult } from '../scan/scan-files.js';
import { scanStaged } from '../scan/scan-staged.js';
import { scanHistory } from '../scan/scan-history.js';
import { checkFindings, type CheckFindingsOptions } from '../scan/check-findings.js';
import { formatFinding, scanExitCode, summarize, summaryLines, viewOf } from '../scan/report.js';

export interface ScanOptions {
  paths: string[];
  staged: boolean;
  /** Scan the lines every commit added (git log -p), reporting the commit. */
  history: boolean;
  /** With --history: only commits after this (git's --since). */
  since?: string;
  check: boolean;
  /** Bytes: larger binaries are skipped (text files are scanned whatever their size). */
  maxSize: number;
}

export function registerScan(program: Command, app: AppHandle, run = runScan): void {
  const command = program.command('scan [paths...]');
  const o = command.option.bind(command) as (...args: unknown[]) => Command;
  o('--staged', 'scan what git would commit (for a pre-commit hook)');
  o('--history', 'scan the lines every commit added (git log -p), with the commit');
  o('--since <date>', 'with --history: only commits since then (e.g. "6 months ago")');
  o('--check', 'ask debug_token which found tokens are live');
  o('--max-size <size>', 'skip larger binary files: bytes, or with k / m (default 10m)');
  command.addHelpText(
    'after',
    '\nFinds access tokens (EAA...), app tokens (APPID|SECRET) and app secrets; prints\n' +
      'file:line, kind and fingerprint on stdout, never the credential. Honours\n' +
      '.gitignore; skips node_modules and .git. Text of any size (UTF-8, UTF-16) is\n' +
      'scanned; binaries up to --max-size. Exit 0: every file scanned, nothing found;\n' +
      '10: found; 11: found and live (--check; unverifiable counts as live);\n' +
      '13: nothing found, but some files could not be scanned (listed on stderr).',
  );
  withExamples(command, ['fbtok scan .', 'fbtok scan --staged', 'fbtok scan --history --since "1 year ago"', 'fbtok scan src --check --json']);
  command.action(async (paths: string[], flags: Record<string, unknown>) => app.run((ctx) => run(parseScanFlags(paths, flags), ctx)));
}

export function parseScanFlags(paths: string[], flags: Record<string, unknown>): ScanOptions {
  if (flags.staged && flags.history) throw new UsageError('--staged and --history scan different things.', 'Give one: --staged before a commit, --history for what was already committed.');
  if (flags.since !== undefined && !flags.history) throw new UsageError('--since only bounds --history.', 'Add --history, or drop --since.');
  const since = flags.since === undefined ? undefined : String(flags.since);
  if (since !== undefined && (!since.trim() || since.startsWith('-'))) throw new UsageError(`Invalid --since "${since.slice(0, 40)}".`, 'Give a date git understands, e.g. --since 2024-01-31 or --since "6 months ago".');
  return {
    paths,
    staged: Boolean(flags.staged),
    history: Boolean(flags.history),
    ...(since === undefined ? {} : { since }),
    check: Boolean(flags.check),
    maxSize: flags.maxSize === undefined ? DEFAULT_MAX_SIZE : parseSize(String(flags.maxSize)),
  };
}

/** '1048576', '512k', '2m' (binary units). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([km]i?b?)?$/i.exec(text.trim());
  const value = m ? Number(m[1]) * ({ k: 1024, m: 1024 * 1024 }[m[2]?.[0]?.toLowerCase() ?? ''] ?? 1) : NaN;
  if (!Number.isFinite(value) || value <= 0) throw new UsageError(`Invalid --max-size "${text.slice(0, 20)}".`, 'Give bytes, or a number with k or m (for example 512k, 2m).');
  return Math.floor(value);
}

/** Prints the findings and returns the outcome as the exit code (0, 10, 11 or 13): these are results, not errors. */
export async function runScan(opts: ScanOptions, ctx: Context): Promise<number> {
  const progress = startProgress(ctx, 'Scanning files');
  const { result, verdicts } = await scanAndCheck(opts, ctx, progress).finally(() => progress.stop());
  const views = result.findings.map((f) => viewOf(f, verdicts?.get(f.secret)));
  const summary = summarize(result, views);
  if (ctx.globals.json) printJson(ctx, { findings: views, summary });
  else for (const view of views) ctx.io.out(formatFinding(view));
  for (const line of summaryLines(summary, Boolean(verdicts), opts.maxSize)) ctx.io.err(line);
  return scanExitCode(views, result.skippedFiles.length);
}

async function scanAndCheck(opts: ScanOptions, ctx: Context, progress: Progress) {
  const onProgress = (n: number) => progress.update(`${n} files scanned`);
  const result = opts.staged
    ? await scanStaged({ paths: opts.paths, maxSize: opts.maxSize })
    : opts.history
      ? await scanHistory({ paths: opts.paths, since: opts.since, signal: ctx.signal })
      : await scanTree(opts, ctx.signal, onProgress);
  if (!opts.check || result.findings.length === 0) return { result, verdicts: undefined };
  progress.update(`${result.filesScanned} files scanned; checking ${result.findings.length} finding(s) with Facebook`);
  return { result, verdicts: await checkFindings(result.findings, await checkOptions(ctx)) };
}

async function scanTree(opts: ScanOptions, signal: AbortSignal, onProgress: (n: number) => void): Promise<ScanResult> {
  const roots = opts.paths.length ? opts.paths : ['.'];
  for (const root of roots) {
    await stat(root).catch(() => {
      throw new UsageError(`Cannot scan ${root}: no such file or directory.`, 'Give existing files or directories, or none for the current directory.');
    });
  }
  return scanFiles(roots, { maxSize: opts.maxSize, signal, onProgress });
}

/** The profile's app credentials, when it has them; without, access tokens stay unverified (and count as live). */
async function checkOptions(ctx: Context): Promise<CheckFindingsOptions> {
  const config = await ctx.config();
  const appSecret = await ctx.appSecret().catch(() => undefined);
  const appId = config.appId ?? undefined;
  return {
    appId,
    appSecret,
    signal: ctx.signal,
    graph: async () => {
      if (!appId || !appSecret) {
        ctx.io.warn(`--check: profile "${ctx.globals.profile}" has no app id and secret, so access tokens cannot be asked about; counting them as live.`);
        return undefined;
      }
      return { graph: await ctx.graph(), appToken: appTokenFor(appId, appSecret) };
    },
  };
}


