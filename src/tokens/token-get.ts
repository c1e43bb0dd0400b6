// `fbtok token get NAME`: the one command that prints a secret, `$(fbtok token get page:123)`. Kept apart
// from the command's commander wiring so direct.ts runs it without the parser.
import type { Context } from '../context.js';
import { ExitCode, type FbtokError } from '../errors.js';
import type { TokenRecord } from '../store/token-store.js';
import { secretMissing, tokenNotFound } from './token-errors.js';
import { msOrNull } from './token-record.js';

export async function runTokenGet(name: string, ctx: Context): Promise<number> {
  const store = await ctx.store();
  const record = await store.get(name);
  if (!record) throw notFound(name, ctx, store.kind);
  const secret = await store.getSecret(name);
  if (!secret) throw secretMissing([name], store.kind);
  const state = stateOf(record, ctx.clock.now());
  if (state !== 'ok') ctx.io.warn(`"${name}" is ${state === 'invalid' ? `marked invalid (${record.invalid?.message ?? 'see fbtok debug-token'})` : 'expired'}; see \`fbtok debug-token ${name}\`.`);
  // --json (full CLI only; the direct path has no flags): the raw token is what was asked for.
  ctx.io.out(ctx.globals.json ? JSON.stringify({ name, token: secret }, null, 2) : secret);
  return ExitCode.ok;
}

export function notFound(name: string, ctx: Context, storeKind: string): FbtokError {
  return tokenNotFound(`"${name}" in profile "${ctx.globals.profile}" (${storeKind} store)`, name);
}

/** 'invalid' (Graph said so), 'expired' (by the recorded expiry) or 'ok' (as far as the index knows). */
export function stateOf(r: TokenRecord, nowMs: number): 'ok' | 'invalid' | 'expired' {
  if (r.invalid) return 'invalid';
  const expires = msOrNull(r.expiresAt);
  return expires !== null && expires <= nowMs ? 'expired' : 'ok';
}
