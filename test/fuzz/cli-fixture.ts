// What the main() fuzz tests share: an in-process emulator, throw-away config dirs under one root, and
// stores seeded through the real `token import` (plain and encrypted) for each case to damage a copy of.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator } from '../../src/emulator/index.js';
import { AUDIT_LOG, runMain } from './in-process.js';

export const PASSPHRASE = 'CANARYpassphrase-fuzz-7f3a';

export interface CliFixture {
  emu: Emulator;
  /** The long-lived user token the seeded stores hold as "user". */
  user: string;
  /** tokens.json of the seeded plain and encrypted stores. */
  plainStore: string;
  encryptedStore: string;
  /** The plain store's audit log: the import's one entry, as fbtok wrote it. */
  auditLog: string;
  /** The environment of a run on config dir `dir`: the file store, the emulator, no real waits. */
  env(dir: string, extra?: Record<string, string>): Record<string, string>;
  /** A fresh config dir holding `files` (relative path → contents). */
  dirWith(files: Record<string, string | Buffer>): string;
}

/** Registers the test file's set-up and tear-down; the data fields are filled in before its first test. */
export function useCliFixture(): CliFixture {
  let root = '';
  let n = 0;
  const fixture = {} as CliFixture;
  fixture.env = (dir, extra = {}) => ({
    FBTOK_CONFIG_DIR: dir, FBTOK_STORE: 'file', FBTOK_GRAPH_URL: fixture.emu.url, FBTOK_WWW_URL: fixture.emu.url,
    FBTOK_APP_ID: fixture.emu.appId, FBTOK_APP_SECRET: fixture.emu.appSecret, FBTOK_RETRY_BASE_MS: '1', FBTOK_LOCK_TIMEOUT: '3000', ...extra,
  });
  fixture.dirWith = (files) => {
    const dir = join(root, `d${n++}`);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), body, { mode: 0o600 });
    }
    return dir;
  };

  beforeAll(async () => {
    fixture.emu = await startEmulator({ pages: 1 });
    root = mkdtempSync(join(tmpdir(), 'fbtok-fuzz-cli-'));
    fixture.user = fixture.emu.issueUserToken({ lifetime: 'long' });
    for (const [name, extra] of [['plain', {}], ['encrypted', { FBTOK_STORE_PASSPHRASE: PASSPHRASE }]] as const) {
      const r = await runMain(['token', 'import', '--token-stdin'], fixture.env(join(root, name), extra), fixture.user);
      if (r.code !== 0) throw new Error(`seeding the ${name} store: exit ${r.code}: ${r.stderr}`);
    }
    fixture.plainStore = readFileSync(join(root, 'plain', 'tokens.json'), 'utf8');
    fixture.encryptedStore = readFileSync(join(root, 'encrypted', 'tokens.json'), 'utf8');
    fixture.auditLog = readFileSync(join(root, 'plain', AUDIT_LOG), 'utf8');
  });

  afterAll(async () => {
    await fixture.emu?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  return fixture;
}
