// The fault matrix's world: one emulator per test file, a seeded config dir every cell copies, and the two
// logins that must be under way before a fault goes in (their first Graph step is on the emulator too).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appSecretProof, startEmulator, type Emulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startCli, type StreamingCli } from '../helpers/cli-stream.js';
import { DIALOG_URL, dialogRedirect } from '../auth/login-fixture.js';

export const PAGE_ID = '701';
const REDIRECT = 'https://bot.example.com/fb/callback';
export const DEVICE_CODE = /enter the code: (\S+)/;

export interface MatrixEnv {
  emu: Emulator;
  /** A fresh copy of the seeded config dir (user + page:701 in a file store) and the env pointing at it. */
  cell(): { env: Record<string, string>; dir: string };
  user: string;
  /** A directory with a live token in a file, for `scan --check`. */
  leakyTree: string;
}

/** A login started before the fault: `go()` lets it on into Graph (paste the redirect, approve the code). */
export interface PendingLogin {
  cli: StreamingCli;
  go(): void;
}

/** `login --manual`: reads the emulator's redirect now; go() pastes it, so the code exchange meets the fault. */
export async function startManualLogin(env: Record<string, string>, flags: string[], killAfterMs: number): Promise<PendingLogin> {
  const cli = startCli([...flags, 'login', '--manual', '--redirect-uri', REDIRECT], { env, timeoutMs: killAfterMs + 15_000 });
  const location = await dialogRedirect((await cli.waitForStderr(DIALOG_URL, 15_000))[1]);
  return { cli, go: () => cli.child.stdin.end(`${location}\n`) };
}

/**
 * `login --device`: the code is shown (device/login done) and approved only once the fault is in, so every
 * poll that could succeed meets the fault (an earlier poll only hears "pending").
 */
export async function startDeviceLogin(m: MatrixEnv, env: Record<string, string>, flags: string[], killAfterMs: number): Promise<PendingLogin> {
  const cli = startCli([...flags, 'login', '--device'], { env, timeoutMs: killAfterMs + 15_000 });
  const userCode = (await cli.waitForStderr(DEVICE_CODE, 15_000))[1];
  cli.child.stdin.end();
  return { cli, go: () => m.emu.approveDevice(userCode) };
}

export async function seed(): Promise<MatrixEnv & { close(): Promise<void> }> {
  const emu = await startEmulator({ pages: [{ id: PAGE_ID, name: 'Corner Shop' }] });
  const root = mkdtempSync(join(tmpdir(), 'fbtok-matrix-'));
  const seedDir = join(root, 'seed');
  const base = {
    FBTOK_STORE: 'file', FBTOK_GRAPH_URL: emu.url, FBTOK_WWW_URL: emu.url, FBTOK_APP_ID: emu.appId,
    FBTOK_APP_SECRET: emu.appSecret, FBTOK_CLIENT_TOKEN: emu.clientToken, FBTOK_RETRY_BASE_MS: '1',
  };
  const user = emu.issueUserToken({ lifetime: 'long' });
  for (const [args, input] of [[['token', 'import', '--token-stdin'], user], [['page-tokens'], '']] as const) {
    const r = await runCli([...args], { env: { ...base, FBTOK_CONFIG_DIR: seedDir }, input });
    if (r.code !== 0) throw new Error(`seeding: fbtok ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  }
  // The app subscribed to the Page's webhooks, so `doctor` is all green when Graph works.
  const page = emu.pageTokenFor(user, PAGE_ID);
  const sub = await fetch(`${emu.url}/v26.0/${PAGE_ID}/subscribed_apps`, {
    method: 'POST',
    body: new URLSearchParams({ subscribed_fields: 'messages', access_token: page, appsecret_proof: appSecretProof(page, emu.appSecret) }),
  });
  if (!sub.ok) throw new Error(`seeding: subscribed_apps answered ${sub.status}: ${await sub.text()}`);
  const leakyTree = join(root, 'tree');
  mkdirSync(leakyTree);
  writeFileSync(join(leakyTree, 'bot.js'), `const token = "${user}";\n`);
  let n = 0;
  return {
    emu,
    user,
    leakyTree,
    cell() {
      const dir = join(root, `cell-${n++}`);
      cpSync(seedDir, dir, { recursive: true });
      return { dir, env: { ...base, FBTOK_CONFIG_DIR: dir } };
    },
    async close() {
      await emu.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
