// `fbtok api`: one Graph call (or every page of one) as a stored token, through the one Graph client, with
// tokens in the answer hidden and a permission refusal explained.
import type { Context } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { GraphError } from '../graph/graph-error.js';
import type { GraphResponse } from '../graph/types.js';
import { appAccessToken } from '../tokens/app-credentials.js';
import { readTokenInput } from '../tokens/token-input.js';
import { fingerprint } from '../store/fingerprint.js';
import { buildApiRequest, type ApiRequest, type ApiRequestInput } from './api-request.js';
import { hideTokens, tokenMarker } from './hide-tokens.js';
import { explainPermissionError } from './permission-hint.js';
import { readBoundedFile } from './read-field-file.js';

export interface ApiOptions extends ApiRequestInput {
  as?: string;
  tokenStdin: boolean;
  paginate: boolean;
  jsonl: boolean;
  include: boolean;
  dryRun: boolean;
  showTokens: boolean;
}

interface ChosenToken { token: string; label: string }

export async function runApi(opts: ApiOptions, ctx: Context): Promise<number> {
  if (opts.tokenStdin && opts.typedFields.some((f) => f.endsWith('=@-'))) {
    throw new UsageError('stdin cannot carry both the token and a field.', 'Read the field from a file (-F key=@file), or pick the token with --as NAME.');
  }
  const request = await buildApiRequest(opts, { readFile: readBoundedFile, readStdin: () => ctx.io.readStdin() });
  if (opts.paginate && request.method !== 'GET') throw new UsageError('--paginate follows paging.next of a GET.', 'fbtok api me/accounts --paginate');
  const chosen = await chooseToken(opts, ctx);
  const graph = await ctx.graph();
  if (opts.dryRun) {
    printDryRun(ctx, request, chosen, `${graph.baseUrl}/${graph.version}`);
    return ExitCode.ok;
  }
  const hide = (v: unknown) => (opts.showTokens ? v : hideTokens(v, [chosen.token]));
  try {
    if (opts.paginate) {
      const progress = pageCounter(ctx);
      const items = await graph.paginate<unknown>({ method: 'GET', path: request.path, query: request.query, token: chosen.token, signal: ctx.signal, onPage: progress.tick });
      progress.done();
      if (opts.jsonl) for (const item of items) ctx.io.out(JSON.stringify(hide(item)));
      else ctx.io.out(JSON.stringify(hide(items), null, 2));
      return ExitCode.ok;
    }
    const res = await graph.request<unknown>({
      method: request.method, path: request.path, query: request.query, form: request.method === 'POST' ? request.form : undefined,
      token: chosen.token, signal: ctx.signal, retry: request.method !== 'POST',
    });
    if (opts.include) printInclude(ctx, res);
    ctx.io.out(JSON.stringify(hide(res.data), null, 2));
    return ExitCode.ok;
  } catch (error) {
    throw await explained(ctx, error, chosen);
  }
}

async function chooseToken(opts: ApiOptions, ctx: Context): Promise<ChosenToken> {
  if (opts.as === 'app') {
    if (opts.tokenStdin) throw new UsageError('Give --as or --token-stdin, not both.', 'fbtok api /APP_ID --as app');
    return { token: await appAccessToken(ctx), label: 'the app token' };
  }
  if (opts.as && opts.tokenStdin) throw new UsageError('Give --as or --token-stdin, not both.', 'fbtok api /me --as user');
  const input = await readTokenInput(ctx, { tokenStdin: opts.tokenStdin, from: opts.as, allowEnv: !opts.as, defaultName: 'user' });
  return { token: input.token, label: input.name ?? (opts.tokenStdin ? 'the token on stdin' : 'FBTOK_ACCESS_TOKEN') };
}

/** 3 dead token, 4 permission, 5 rate limit stay; any other refusal of the call is exit 6. */
async function explained(ctx: Context, error: unknown, chosen: ChosenToken): Promise<unknown> {
  if (!(error instanceof GraphError)) return error;
  const hint = await explainPermissionError(ctx, error, chosen.token, chosen.label);
  if (hint) return error.withRemedy(hint.remedy, { exitCode: ExitCode.missingPermission });
  const kept: number[] = [ExitCode.tokenInvalid, ExitCode.missingPermission, ExitCode.rateLimited, ExitCode.graphUnavailable];
  return kept.includes(error.exitCode) ? error : error.withRemedy(error.remedy ?? '', { exitCode: ExitCode.graphUnavailable });
}

function printDryRun(ctx: Context, req: ApiRequest, chosen: ChosenToken, base: string): void {
  const query = new URLSearchParams(req.query).toString();
  const url = `${base}${req.path}${query ? `?${query}` : ''}`;
  const token = { name: chosen.label, fingerprint: fingerprint(chosen.token) };
  if (ctx.globals.json) {
    ctx.io.out(JSON.stringify({ method: req.method, url, fields: req.form, token }, null, 2));
    return;
  }
  ctx.io.out(`${req.method} ${url}`);
  for (const [k, v] of Object.entries(req.form)) ctx.io.out(`  ${k}=${v}`);
  ctx.io.out(`  token: ${chosen.label} ${tokenMarker(chosen.token)} (with appsecret_proof when the app secret is known)`);
}

function printInclude(ctx: Context, res: GraphResponse<unknown>): void {
  ctx.io.err(`HTTP ${res.status}`);
  for (const [name, value] of Object.entries(res.headers)) {
    if (/usage|^x-fb-trace-id$|^x-fb-rev$|^content-type$|^date$/i.test(name)) ctx.io.err(`${name}: ${value}`);
  }
}

/** "Fetched N items (P pages)" on a terminal's stderr; nothing when piped, in CI, or with --json. */
function pageCounter(ctx: Context): { tick(items: number, pages: number): void; done(): void } {
  const live = ctx.io.stderrIsTTY && ctx.io.color && !ctx.globals.json;
  let shown = false;
  return {
    tick(items, pages) {
      if (!live) return;
      shown = true;
      ctx.io.stderr.write(`\r\x1b[2KFetched ${items} items (${pages} ${pages === 1 ? 'page' : 'pages'})`);
    },
    done() {
      if (shown) ctx.io.stderr.write('\r\x1b[2K');
    },
  };
}
