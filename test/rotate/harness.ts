// Set-up for rotation tests: the token fixture (emulator + throw-away file store + the real CLI) with an
// emulator clock that can be moved, and small probes of the emulator and the store file.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../src/emulator/index.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

export const DAY = 86_400_000;

export interface RotationFixture extends Fixture {
  /** Moves the emulator's clock: tokens issued now are then `ms` older than they look. */
  setEmulatorOffset(ms: number): void;
  /** Exchanges (fb_exchange_token) the emulator has answered since the last resetRequests(). */
  exchanges(): number;
  /** The raw store file and audit log, for byte comparisons. */
  storeBytes(): string;
  auditText(): string;
  get(name: string): Promise<string>;
  /** debug_token straight from the emulator, not through fbtok. */
  debug(token: string): Promise<{ is_valid: boolean; expires_at?: number; type?: string; profile_id?: string; error?: { subcode?: number } }>;
  list(): Promise<Array<Record<string, any>>>;
}

export async function setUpRotation(options: EmulatorOptions = {}): Promise<RotationFixture> {
  let offset = 0;
  const f = await setUp({ latencyMs: 3, pages: 2, ...options, now: () => Date.now() - offset });
  const dir = f.env.FBTOK_CONFIG_DIR;
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  return {
    ...f,
    setEmulatorOffset: (ms) => void (offset = ms),
    exchanges: () => f.emu.requests.filter((r) => r.path.endsWith('/oauth/access_token') && r.form.grant_type === 'fb_exchange_token').length,
    storeBytes: () => read(join(dir, 'tokens.json')),
    auditText: () => read(join(dir, 'state', 'audit.log')),
    async get(name) {
      const r = await f.cli(['token', 'get', name]);
      if (r.code !== 0) throw new Error(`token get ${name} exited ${r.code}: ${r.stderr}`);
      return r.stdout.trim();
    },
    async debug(token) {
      const url = `${f.emu.url}/v26.0/debug_token?${new URLSearchParams({ input_token: token, access_token: `${f.emu.appId}|${f.emu.appSecret}` })}`;
      return ((await (await fetch(url)).json()) as { data: any }).data;
    },
    list: () => f.json(['token', 'list']),
  };
}

/** A long-lived user token with `days` left, imported as "user", and its Page tokens stored. */
export async function seedUserAndPages(f: RotationFixture, days: number, opts: { pages?: boolean } = {}): Promise<string> {
  const user = f.emu.issueUserToken({ lifetime: 'long', expiresInSeconds: Math.round(days * 86_400) });
  await f.importToken(user);
  if (opts.pages !== false) {
    const r = await f.cli(['page-tokens']);
    if (r.code !== 0) throw new Error(`page-tokens exited ${r.code}: ${r.stderr}`);
  }
  f.emu.resetRequests();
  return user;
}

export interface JsonOutcome {
  name: string;
  action: string;
  reason: string;
  expiresAt: string | null;
}

export function byName(outcomes: JsonOutcome[]): Record<string, JsonOutcome> {
  return Object.fromEntries(outcomes.map((o) => [o.name, o]));
}
