import type { Command } from 'commander';
import { appendFile } from 'node:fs/promises';
import type { Context } from '../context.js';
import { withExamples, type AppHandle } from './command-kit.js';
import { ExitCode, UsageError } from '../errors.js';
import { EXPORT_FORMATS, formatDotenv, formatEnv, formatJson, githubFileEntries, githubMasks, variableNameFor, type ExportFormat, type ExportedToken } from '../tokens/export-formats.js';
import { notFound, stateOf } from '../tokens/token-get.js';
import { secretMissing } from '../tokens/token-errors.js';
import { exportToDotenvFile, parseWriteFlags } from '../tokens/export-to-file.js';

export interface TokenExportOptions {
  names: string[];
  /** undefined: not given (json with --json, else env). */
  format?: ExportFormat;
  /** --format github: append to $GITHUB_ENV instead of $GITHUB_OUTPUT. */
  githubEnv: boolean;
  /** --write FILE: update a .env file in place (dotenv format). */
  write?: string;
  /** With --write: exit 14 and write nothing when the file already holds the values. */
  ifChanged?: boolean;
}

export function registerTokenExport(token: Command, app: AppHandle): void {
  withExamples(
    token
      .command('export [names...]')
      .description('print tokens for another tool: env, dotenv, json or GitHub Actions (user → FB_USER_ACCESS_TOKEN, page:123 → FB_PAGE_123_ACCESS_TOKEN)')
      .option('--format <format>', 'env | dotenv | json | github (default env; json with --json)')
      .option('--env', 'with --format github: append to $GITHUB_ENV instead of $GITHUB_OUTPUT')
      .option('--write <file>', 'update these variables in a .env file in place (atomic; other lines kept)')
      .option('--if-changed', 'with --write: exit 14, writing nothing, when the file holds these values already'),
    ['eval "$(fbtok token export user)"', 'fbtok token export page:1234567890 --format dotenv >> .env', 'fbtok token export --format github'],
  ).action(async (names: string[], flags: Record<string, unknown>) => app.run((ctx) => runTokenExport(parseTokenExportFlags(names, flags), ctx)));
}

export function parseTokenExportFlags(names: string[] | undefined, flags: Record<string, unknown>): TokenExportOptions {
  const format = flags.format === undefined ? undefined : String(flags.format);
  if (format !== undefined && !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`Unknown export format "${format.slice(0, 20)}".`, `Use --format ${EXPORT_FORMATS.join(', --format ')}.`);
  }
  if (flags.env && format !== 'github') throw new UsageError('--env goes with --format github.', 'fbtok token export --format github --env');
  return { names: names ?? [], format: format as ExportFormat | undefined, githubEnv: Boolean(flags.env), ...parseWriteFlags(flags, format) };
}

/** --json is --format json; with another --format the two ask for different things on stdout. */
function formatOf(opts: TokenExportOptions, json: boolean): ExportFormat {
  if (!json) return opts.format ?? 'env';
  if (opts.format !== undefined && opts.format !== 'json') {
    throw new UsageError(`--json prints the tokens as JSON; it cannot go with --format ${opts.format}.`, `Drop --json for --format ${opts.format}, or drop --format for JSON.`);
  }
  return 'json';
}

/** Prints the named tokens (default: every stored one) in the format; `github` also appends to the runner's file. */
export async function runTokenExport(opts: TokenExportOptions, ctx: Context): Promise<number> {
  const format = formatOf(opts, ctx.globals.json);
  const store = await ctx.store();
  const records = await store.list();
  const names = opts.names.length > 0 ? [...new Set(opts.names)] : records.map((r) => r.name);
  for (const name of names) if (!records.some((r) => r.name === name)) throw notFound(name, ctx, store.kind);
  if (names.length === 0) {
    ctx.io.err(`No tokens stored for profile "${ctx.globals.profile}". Get one with \`fbtok login\`.`);
    if (format === 'json') ctx.io.out(formatJson([]));
    return ExitCode.ok;
  }
  checkDistinctVariables(names);
  const now = ctx.clock.now();
  for (const r of records.filter((x) => names.includes(x.name) && stateOf(x, now) !== 'ok')) {
    ctx.io.warn(`"${r.name}" is ${stateOf(r, now)}; exported anyway. See \`fbtok debug-token ${r.name}\`.`);
  }
  const secrets = await store.getSecrets(names);
  const missing = names.filter((n) => !secrets.has(n));
  if (missing.length > 0) throw secretMissing(missing, store.kind, '; nothing was exported');
  const tokens: ExportedToken[] = names.map((name) => ({ name, secret: secrets.get(name)! }));
  if (opts.write !== undefined) return exportToDotenvFile(ctx, opts.write, tokens, Boolean(opts.ifChanged));
  if (format === 'github') return exportToGithub(opts, ctx, tokens);
  const lines = format === 'env' ? formatEnv(tokens) : format === 'dotenv' ? formatDotenv(tokens) : [formatJson(tokens)];
  for (const line of lines) ctx.io.out(line);
  return ExitCode.ok;
}

async function exportToGithub(opts: TokenExportOptions, ctx: Context, tokens: ExportedToken[]): Promise<number> {
  const variable = opts.githubEnv ? 'GITHUB_ENV' : 'GITHUB_OUTPUT';
  const file = ctx.env[variable];
  if (!file) {
    throw new UsageError(`$${variable} is not set: --format github runs inside a GitHub Actions step.`, `Run it in a workflow step, or set ${variable} to a file path.`, 'GITHUB_FILE_MISSING');
  }
  // Masks first: the runner must know the values before they can appear anywhere else.
  for (const line of githubMasks(tokens)) ctx.io.out(line);
  await appendFile(file, githubFileEntries(tokens), { encoding: 'utf8', mode: 0o600 });
  const kind = opts.githubEnv ? 'environment variables for later steps' : 'step outputs';
  ctx.io.err(`Wrote ${tokens.map((t) => variableNameFor(t.name)).join(', ')} as ${kind} ($${variable}).`);
  return ExitCode.ok;
}

/** Two names that map to one variable (page:1 and page-1) would silently overwrite each other. */
function checkDistinctVariables(names: string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const variable = variableNameFor(name);
    const other = seen.get(variable);
    if (other !== undefined && other !== name) throw new UsageError(`"${other}" and "${name}" would both export as ${variable}.`, 'Export them separately.');
    seen.set(variable, name);
  }
}
