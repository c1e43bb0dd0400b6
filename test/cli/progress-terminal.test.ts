// Long work shows progress on a real pseudo-terminal (util-linux script): Pages fetched N in page-tokens,
// the scan's count and check, a retry's wait. Faults hang the next request, so the line is on screen when
// looked for (no timing); Ctrl-C then ends the run (exit 130). Nothing of it when piped or under CI.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInPty, KEY } from '../helpers/pty.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

describe('progress on a terminal', () => {
  let f: Fixture | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await f?.close();
    f = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function interrupted(shell: string, text: string, env: Record<string, string> = {}): Promise<string> {
    const pty = runInPty(shell, { ...f!.env, ...env }, 120_000, 80);
    await pty.waitFor(text);
    pty.type(KEY.ctrlC);
    const { code, screen } = await pty.result();
    expect(code, screen).toBe(130);
    return screen;
  }

  it('page-tokens counts the Pages fetched while the listing pages on; piped or under CI it says nothing', async () => {
    f = await setUp({ pages: 150 });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    // The first page of /me/accounts (100 Pages) is served; the second hangs until Ctrl-C.
    f.emu.injectFault({ kind: 'hang', match: '/me/accounts', skip: 1, times: Infinity });
    await interrupted('$FBTOK page-tokens --no-save', 'Pages fetched 100');
    f.emu.clearFaults();
    const piped = await f.cli(['page-tokens', '--no-save']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).not.toContain('Pages fetched');
    const ci = await runInPty('$FBTOK page-tokens --no-save', { ...f.env, CI: 'true' }, 120_000, 80).result();
    expect(ci.code, ci.screen).toBe(0);
    expect(ci.screen).not.toContain('Pages fetched');
  });

  it('scan --check shows the files scanned while Facebook checks the findings', async () => {
    f = await setUp({ pages: 1 });
    const dir = mkdtempSync(join(tmpdir(), 'fbtok-scan-progress-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bot.js'), `const TOKEN = "${f.emu.issueUserToken({ lifetime: 'long' })}";\n`);
    f.emu.injectFault({ kind: 'hang', match: '/', method: 'POST', times: Infinity });
    await interrupted(`$FBTOK scan ${dir} --check`, '1 files scanned; checking 1 finding(s) with Facebook');
  });

  it('a retry after a failed call says when it comes; --json shows nothing', async () => {
    f = await setUp();
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    // A long backoff, so the wait is on screen when looked for; Ctrl-C ends it. The check's own line
    // ("Checking ...") lends its place to the wait rather than a second spinner fighting it.
    f.emu.injectFault({ kind: 'http-500', match: '/', method: 'POST', times: Infinity });
    await interrupted('$FBTOK status --check', 'A Graph call failed; retry in', { FBTOK_RETRY_BASE_MS: '600000' });
    f.emu.clearFaults();
    f.emu.injectFault({ kind: 'http-500', match: '/debug_token', times: 1 });
    const json = await runInPty('$FBTOK --json debug-token user', { ...f.env, FBTOK_RETRY_BASE_MS: '1' }, 120_000, 80).result();
    expect(json.code, json.screen).toBe(0);
    expect(json.screen).not.toContain('retry in');
  });
});

describe('first-run wizard with no keychain', () => {
  it('offers the file store, saves it for the profile, explains FBTOK_STORE_PASSPHRASE; the next run uses the file store', async () => {
    const f = await setUp();
    try {
      // No D-Bus session in the pty's environment: the keychain cannot answer. No app secret anywhere yet.
      const { FBTOK_STORE: _store, FBTOK_APP_SECRET: _secret, ...env } = f.env;
      const pty = runInPty('$FBTOK login --no-browser', env, 120_000, 100);
      await pty.waitFor('(encrypted with FBTOK_STORE_PASSPHRASE)?');
      pty.type('y' + KEY.enter);
      const { code, screen } = await pty.result();
      expect(code, screen).toBe(2);
      expect(screen).toContain('uses the file store');
      expect(screen).toContain('fbtok never stores it');
      expect(screen).toContain('Run `fbtok login` again');
      const status = await f.cli(['status', '--json'], { env: { FBTOK_STORE: undefined, FBTOK_STORE_PASSPHRASE: 'a long test passphrase' } });
      expect(JSON.parse(status.stdout).store.kind, status.stderr).toBe('file');
    } finally {
      await f.close();
    }
  });
});
