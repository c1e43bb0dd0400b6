// `token export --write FILE`: the real CLI updating a .env file in place, read back with dotenv's parser.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync, chownSync, lstatSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { setUp, expectNoSecrets, type Fixture } from '../commands/token-fixture.js';

const USER_VAR = 'FB_USER_ACCESS_TOKEN';

describe('token export --write', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function withUser(): Promise<{ f: Fixture; token: string; file: string }> {
    f = await setUp();
    const token = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(token);
    return { f, token, file: join(f.env.FBTOK_CONFIG_DIR, 'bot.env') };
  }

  it('updates the variable in place, keeps every other byte, the mode and the owner', async () => {
    const { f, token, file } = await withUser();
    const before = '# bot\r\nPORT=8080\r\n\r\nFB_USER_ACCESS_TOKEN="stale" # from last month\r\nVERIFY_TOKEN=abc\r\n';
    writeFileSync(file, before);
    chmodSync(file, 0o640);
    const root = process.getuid?.() === 0;
    if (root) chownSync(file, 4321, 4321);
    const r = await f.cli(['token', 'export', 'user', '--write', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`Updated ${file}: ${USER_VAR}.`);
    expectNoSecrets(r, [token]);
    const after = readFileSync(file, 'utf8');
    expect(after).toBe(before.replace('"stale"', token));
    expect(parse(after)).toEqual({ PORT: '8080', [USER_VAR]: token, VERIFY_TOKEN: 'abc' });
    const st = statSync(file);
    expect(st.mode & 0o7777).toBe(0o640);
    if (root) expect([st.uid, st.gid]).toEqual([4321, 4321]);
  });

  it('creates a missing file 0600; --if-changed then writes nothing and exits 14', async () => {
    const { f, token, file } = await withUser();
    const first = await f.cli(['token', 'export', 'user', '--write', file, '--if-changed']);
    expect(first.code, first.stderr).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parse(readFileSync(file))).toEqual({ [USER_VAR]: token });
    const { ino, mtimeMs } = statSync(file);
    const again = await f.cli(['token', 'export', 'user', '--write', file, '--if-changed', '--json']);
    expect(again.code, again.stderr).toBe(14);
    expect(JSON.parse(again.stdout)).toEqual({ file, written: false, created: false, changed: [] });
    expect(statSync(file)).toMatchObject({ ino, mtimeMs });
    const plain = await f.cli(['token', 'export', 'user', '--write', file]);
    expect(plain.code, plain.stderr).toBe(0);
  });

  it('refuses a symlink and a FIFO (exit 2), touching neither', async () => {
    const { f, file } = await withUser();
    const target = join(f.env.FBTOK_CONFIG_DIR, 'real.env');
    writeFileSync(target, 'A=1\n');
    symlinkSync(target, file);
    const r = await f.cli(['token', 'export', 'user', '--write', file]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('A=1\n');
    const fifo = join(f.env.FBTOK_CONFIG_DIR, 'fifo.env');
    execFileSync('mkfifo', [fifo]);
    const p = await f.cli(['token', 'export', 'user', '--write', fifo]);
    expect(p.code, p.stderr).toBe(2);
    expect(p.stderr).toContain('is not a regular file');
  });

  it('flag combinations are usage errors', async () => {
    const { f, file } = await withUser();
    expect((await f.cli(['token', 'export', 'user', '--if-changed'])).stderr).toContain('--if-changed goes with --write');
    const r = await f.cli(['token', 'export', 'user', '--write', file, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--write updates a .env file');
  });
});
