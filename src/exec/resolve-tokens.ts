// Reads the tokens an exec plan names from the store(s), failing before the child starts when one is unusable.
import { secretMissing, tokenNotFound } from '../tokens/token-errors.js';
import type { Context } from '../context.js';
import type { TokenRecord } from '../store/token-store.js';
import { ExitCode, FbtokError } from '../errors.js';
import { createContext } from '../create-context.js';
import { registerSecret } from '../util/redact.js';
import { refLabel, type TokenRef } from './env-plan.js';
import { clause } from '../util/sentence.js';

export interface ResolvedToken {
  ref: TokenRef;
  record: TokenRecord;
  secret: string;
  /** The context of the token's profile (the current one, or one built for `fbtok://<profile>/...`). */
  ctx: Context;
}

export interface ProfileContexts {
  get(profile: string | undefined): Context;
  /** Closes the contexts built for other profiles (the current one is closed by main). */
  close(): Promise<void>;
}

/**
 * One context per profile a reference names, built like the main one: its own config, store and
 * app credentials. Kept simple: same environment, IO, clock and global flags, another profile.
 */
export function profileContexts(ctx: Context): ProfileContexts {
  const built = new Map<string, Context>();
  return {
    get(profile) {
      if (!profile || profile === ctx.globals.profile) return ctx;
      let other = built.get(profile);
      if (!other) {
        other = createContext({ version: ctx.version, env: ctx.env, io: ctx.io, clock: ctx.clock, globals: { ...ctx.globals, profile }, signal: ctx.signal });
        built.set(profile, other);
      }
      return other;
    },
    close: async () => {
      await Promise.all([...built.values()].map((c) => c.close().catch(() => {})));
    },
  };
}

/** Every referenced token with its record; unknown, invalid or expired ones fail with exit 3 and a remedy. */
export async function resolveTokens(refs: TokenRef[], contexts: ProfileContexts, nowMs: number): Promise<ResolvedToken[]> {
  const byProfile = new Map<Context, TokenRef[]>();
  for (const ref of refs) {
    const c = contexts.get(ref.profile);
    byProfile.set(c, [...(byProfile.get(c) ?? []), ref]);
  }
  const resolved: ResolvedToken[] = [];
  const missing: { ref: TokenRef; where: string }[] = [];
  const noSecret: { names: string[]; kind: string }[] = [];
  for (const [c, profileRefs] of byProfile) {
    const store = await c.store();
    const names = [...new Set(profileRefs.map((r) => r.name))];
    const [records, secrets] = await Promise.all([Promise.all(names.map((n) => store.get(n))), store.getSecrets(names)]);
    const recordOf = new Map(names.map((n, i) => [n, records[i]]));
    const lost = names.filter((n) => recordOf.get(n) && !secrets.has(n));
    if (lost.length > 0) noSecret.push({ names: lost, kind: store.kind });
    for (const ref of profileRefs) {
      const record = recordOf.get(ref.name);
      const secret = secrets.get(ref.name);
      if (!record) missing.push({ ref, where: `profile "${c.globals.profile}" (${store.kind} store)` });
      else if (!secret) continue;
      else {
        registerSecret(secret);
        resolved.push({ ref, record, secret, ctx: c });
      }
    }
  }
  if (missing.length) throw notFound(missing);
  // Listed in the index but absent from the vault: the store contradicts itself (exit 7), not a usage error.
  if (noSecret.length) throw secretMissing(noSecret[0].names, noSecret[0].kind, '; the program was not started');
  for (const token of resolved) assertUsable(token, nowMs);
  return resolved;
}

function notFound(missing: { ref: TokenRef; where: string }[]): FbtokError {
  const list = missing.map((m) => `"${refLabel(m.ref)}" in ${m.where}`).join(', ');
  return tokenNotFound(`${list}; the program was not started`, missing[0].ref.name);
}

/** What the store already knows: a token marked invalid, or past its expiry, is not handed out. */
function assertUsable({ ref, record }: ResolvedToken, nowMs: number): void {
  const label = refLabel(ref);
  if (record.invalid) {
    throw new FbtokError(`The token "${label}" is no longer valid (${clause(record.invalid.message)}); the program was not started.`, {
      code: 'TOKEN_INVALID',
      exitCode: ExitCode.tokenInvalid,
      remedy: remedyFor(record),
    });
  }
  const expiresAt = record.expiresAt === null ? null : Date.parse(record.expiresAt);
  if (expiresAt !== null && !Number.isNaN(expiresAt) && expiresAt <= nowMs) {
    throw new FbtokError(`The token "${label}" expired at ${record.expiresAt}; the program was not started.`, {
      code: 'TOKEN_EXPIRED',
      exitCode: ExitCode.tokenInvalid,
      remedy: remedyFor(record),
    });
  }
}

export function remedyFor(record: Pick<TokenRecord, 'type' | 'name'>): string {
  if (record.type === 'PAGE') return 'Run `fbtok login`, then `fbtok page-tokens` to re-derive the Page tokens.';
  if (record.type === 'SYSTEM_USER') return 'Generate a new system-user token in Business Settings and `fbtok token import` it.';
  return 'Run `fbtok login` to get a new token.';
}
