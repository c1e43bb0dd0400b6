// `fbtok api` end to end: the built CLI against the emulator over real HTTP, a throw-away file store.
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoSecrets, setUp, type Fixture } from '../commands/token-fixture.js';

const NO_MESSAGING = ['public_profile', 'pages_show_list', 'pages_manage_metadata', 'pages_read_engagement'];

// Each test starts fbtok several times (each run bounded by its own timeouts): the test's bound is their sum.
const STEPS = { timeout: 240_000 };

describe('fbtok api', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function withPages(pages = 3, scopes?: string[]): Promise<{ f: Fixture; user: string }> {
    f = await setUp({ pages });
    const user = f.emu.issueUserToken({ lifetime: 'long', scopes });
    await f.importToken(user);
    return { f, user };
  }

  it('GET /me as the stored user token, with appsecret_proof, prints the body as JSON', STEPS, async () => {
    const { f, user } = await withPages(1);
    f.emu.resetRequests();
    const r = await f.cli(['api', '/me']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: f.emu.user.id, name: f.emu.user.name });
    const sent = f.emu.requests.find((q) => q.path.endsWith('/me'))!;
    expect(sent.method).toBe('GET');
    expect({ ...sent.query, ...sent.form }).toHaveProperty('appsecret_proof');
    expectNoSecrets(r, [user, f.emu.appSecret]);
  });

  it('me/accounts hides every Page token behind its fingerprint unless --show-tokens', STEPS, async () => {
    const { f, user } = await withPages(2);
    const pageTokens = f.emu.pages.map((p) => f!.emu.pageTokenFor(user, p.id));
    const r = await f.cli(['api', 'me/accounts']);
    expect(r.code, r.stderr).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.data).toHaveLength(2);
    for (const page of body.data) expect(page.access_token).toMatch(/^\[token [0-9a-f]{12}\]$/);
    expectNoSecrets(r, [user, f.emu.appSecret, ...pageTokens]);
    // The emulator may hand out a new Page token string per call; whatever it handed out must be a real token.
    const shown = await f.cli(['api', 'me/accounts', '--show-tokens']);
    expect(shown.code).toBe(0);
    for (const page of JSON.parse(shown.stdout).data) expect(page.access_token).toMatch(/^EAA[A-Za-z0-9]+$/);
  });

  it('--paginate follows paging.next and prints one array of every item; --jsonl one per line', STEPS, async () => {
    const { f, user } = await withPages(7);
    f.emu.resetRequests();
    const r = await f.cli(['api', 'me/accounts?limit=3&fields=id,name', '--paginate']);
    expect(r.code, r.stderr).toBe(0);
    const items = JSON.parse(r.stdout);
    expect(items.map((p: { id: string }) => p.id)).toEqual(f.emu.pages.map((p) => p.id));
    expect(f.emu.requestCount('/me/accounts')).toBe(3);
    expect(r.stderr).toBe(''); // no progress when stderr is not a terminal
    const lines = await f.cli(['api', 'me/accounts?limit=3&fields=id', '--paginate', '--jsonl']);
    expect(lines.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(f.emu.pages.map((p) => p.id));
    expectNoSecrets(r, [user]);
  });

  it('POST /me/messages as a Page token (Send API), fields typed and nested', STEPS, async () => {
    const { f } = await withPages(1);
    const page = f.emu.pages[0].id;
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const r = await f.cli(['api', '/me/messages', '--as', `page:${page}`, '-F', 'recipient[id]=24012345', '-f', 'message[text]=hello there', '-f', 'messaging_type=RESPONSE']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ recipient_id: '24012345', message_id: expect.stringMatching(/^m_/) });
    const sent = f.emu.requests.find((q) => q.path.endsWith('/me/messages'))!;
    expect(sent.method).toBe('POST');
    expect(JSON.parse(sent.form.recipient)).toEqual({ id: 24012345 });
    expect(JSON.parse(sent.form.message)).toEqual({ text: 'hello there' });
  });

  it('Send API without pages_messaging: exit 4, the permission named, the fix from one debug_token', STEPS, async () => {
    const { f } = await withPages(1, NO_MESSAGING);
    const page = f.emu.pages[0].id;
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const r = await f.cli(['api', 'POST', '/me/messages', '--as', `page:${page}`, '-F', 'recipient[id]=1', '-f', 'message[text]=hi']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/\(#200\).*pages_messaging/);
    expect(r.stderr).toMatch(new RegExp(`page:${page} lacks pages_messaging: .*fbtok login --scopes .*pages_messaging --auth-type rerequest.*fbtok page-tokens`));
    expect(f.emu.requestCount('/debug_token')).toBe(1);
    const json = await f.cli(['api', `/${page}/conversations`, '--as', `page:${page}`, '--json']);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout).error).toMatchObject({ exitCode: 4, message: expect.stringContaining('(#10)') });
  });

  it('a dead token is exit 3, another refusal exit 6', STEPS, async () => {
    const { f, user } = await withPages(1);
    const other = await f.cli(['api', '/999999/nothing']);
    expect(other.code, other.stderr).toBe(6);
    f.emu.invalidateToken(user, 460);
    const dead = await f.cli(['api', '/me']);
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/password/i);
  });

  it('--dry-run prints the request with the token as a fingerprint, and sends nothing', STEPS, async () => {
    const { f, user } = await withPages(1);
    f.emu.resetRequests();
    const dry = await f.cli(['api', '/me/feed', '-f', 'message=hi', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^POST http:\/\/127\.0\.0\.1:\d+\/v26\.0\/me\/feed\n  message=hi\n  token: user \[token [0-9a-f]{12}\]/);
    expect(f.emu.requests).toHaveLength(0);
    const json = JSON.parse((await f.cli(['api', '/me', '--dry-run', '--json'])).stdout);
    expect(json).toMatchObject({ method: 'GET', url: expect.stringMatching(/\/v26\.0\/me$/), token: { name: 'user' } });
    expect(f.emu.requests).toHaveLength(0);
    expectNoSecrets(dry, [user, f.emu.appSecret]);
  });

  it('refuses a token in the path or a field (exit 2: use --as), and a field file that is not a regular file', STEPS, async () => {
    const { f, user } = await withPages(1);
    f.emu.resetRequests();
    for (const args of [['/me?access_token=EAAxyz'], ['/me', '-f', 'access_token=EAAxyz'], ['/debug_token', '-f', 'input_token=x']]) {
      const r = await f.cli(['api', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--as/);
    }
    const dir = f.env.FBTOK_CONFIG_DIR;
    const r = await f.cli(['api', '/me/feed', '-F', `message=@${dir}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a regular file/);
    writeFileSync(join(dir, 'msg.txt'), 'from a file\n');
    const dry = await f.cli(['api', '/me/feed', '-F', `message=@${join(dir, 'msg.txt')}`, '--dry-run']);
    expect(dry.stdout).toContain('  message=from a file\n');
    expect(f.emu.requests).toHaveLength(0);
    void user;
  });

  it('--as app calls with the app token; --include shows status and usage headers on stderr', STEPS, async () => {
    const { f } = await withPages(1);
    f.emu.setUsageHeaders({ 'x-app-usage': JSON.stringify({ call_count: 12, total_cputime: 3, total_time: 4 }) });
    const r = await f.cli(['api', `/${f.emu.pages[0].id}`, '--as', 'app', '--include']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: f.emu.pages[0].id, name: f.emu.pages[0].name });
    expect(r.stderr).toMatch(/^HTTP \d{3}$/m);
    expect(r.stderr).toMatch(/^x-app-usage: \{"call_count":12/m);
    expectNoSecrets(r, [f.emu.appSecret]);
  });
});

describe('fbtok api on a terminal', () => {
  it('--paginate counts pages on a real pseudo-terminal, and the printed array is still whole', STEPS, async () => {
    const { execFile } = await import('node:child_process');
    const { CLI } = await import('../helpers/run-cli.js');
    const f = await setUp({ pages: 5 });
    try {
      await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
      const cmd = `"${process.execPath}" "${CLI}" api 'me/accounts?limit=2&fields=id' --paginate`;
      // util-linux script gives the CLI a pty for stdin, stdout and stderr; CI and NO_COLOR are left out of the env.
      // Asynchronously: the emulator answers from this process's event loop.
      const out = await new Promise<string>((resolve, reject) => {
        const child = execFile('script', ['-qfec', cmd, '/dev/null'], {
          encoding: 'utf8', env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'xterm', LANG: 'C.UTF-8', ...f.env },
        }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
        child.stdin?.end();
      });
      expect(out).toMatch(/Fetched 2 items \(1 page\)/);
      expect(out).toMatch(/Fetched 5 items \(3 pages\)/);
      const text = out.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '\n');
      const json = text.slice(text.search(/^\[$/m));
      expect(JSON.parse(json).map((p: { id: string }) => p.id)).toEqual(f.emu.pages.map((p) => p.id));
    } finally {
      await f.close();
    }
  });
});
