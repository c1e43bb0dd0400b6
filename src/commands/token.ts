import type { Command } from 'commander';
import { notFound, runTokenGet, stateOf } from '../tokens/token-get.js';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { ExitCode } from '../errors.js';
import { registerTokenImport } from './token-import.js';
import { registerTokenExport } from './token-export.js';
import { printTable } from '../io/table.js';
import { sanitizeName } from '../io/sanitize.js';
import { timeLeftOf } from '../tokens/lifetime.js';
import type { TokenRecord } from '../store/token-store.js';
import { recordJson } from '../tokens/json-vocabulary.js';

export function registerToken(program: Command, app: AppHandle): void {
  const token = program.command('token');
  withExamples(token.command('list').description('every stored token (no secrets)'), ['fbtok token list', 'fbtok token list --json']).action(async () =>
    app.run((ctx) => runTokenList(ctx)),
  );
  withExamples(token.command('get <name>').description('print the raw token (for scripts)'), [
    'curl -G -d access_token="$(fbtok token get page:1234567890)" ...',
  ]).action(async (name: string) => app.run((ctx) => runTokenGet(name, ctx)));
  registerTokenImport(token, app);
  withExamples(token.command('delete <name>').description('delete a stored token'), ['fbtok token delete page:1234567890']).action(async (name: string) =>
    app.run((ctx) => runTokenDelete(name, ctx)),
  );
  registerTokenExport(token, app);
}

export async function runTokenList(ctx: Context): Promise<number> {
  const store = await ctx.store();
  const records = await store.list();
  if (ctx.globals.json) printJson(ctx, records.map((r) => recordJson(r, ctx.clock.now())));
  if (records.length === 0) {
    ctx.io.err(`No tokens stored for profile "${ctx.globals.profile}". Get one with \`fbtok login\` (or \`fbtok token import --token-stdin\`).`);
    return ExitCode.ok;
  }
  if (!ctx.globals.json) {
    const now = ctx.clock.now();
    printTable(
      ctx.io.out,
      ['name', 'type', 'subject', 'expires', 'state', 'fingerprint'],
      records.map((r) => [r.name, r.type, subjectOf(r), timeLeftOf(r.expiresAt, now), stateOf(r, now), r.fingerprint]),
      { width: ctx.io.columns },
    );
  }
  return ExitCode.ok;
}

export async function runTokenDelete(name: string, ctx: Context): Promise<number> {
  const store = await ctx.store();
  if (!(await store.delete(name, { command: 'token delete' }))) throw notFound(name, ctx, store.kind);
  ctx.io.err(`Deleted "${sanitizeName(name)}" from the ${store.kind} store. (It still works at Facebook until it expires; \`fbtok revoke\` de-authorizes the app.)`);
  if (ctx.globals.json) printJson(ctx, { name, deleted: true, store: store.kind, profile: ctx.globals.profile });
  return ExitCode.ok;
}

export function subjectOf(r: Pick<TokenRecord, 'subjectId' | 'subjectName'>): string {
  if (r.subjectName && r.subjectId) return `${r.subjectName} (${r.subjectId})`;
  return r.subjectName ?? r.subjectId ?? '-';
}
