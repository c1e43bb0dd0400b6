import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTokenExportFlags } from '../../src/commands/token-export.js';
import { parseTokenImportFlags } from '../../src/commands/token-import.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

describe('token', () => {
  let f: Fixture | undefined;
  const dirs: string[] = [];
  afterEach(async () => {
    await f?.close();
    f = undefined;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('import names tokens from debug_token (user, page:<id>), list shows no secrets, get prints the raw token', async () => {
    f = await setUp({ pages: 1 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const page = f.emu.pageTokenFor(user, f.emu.pages[0].id);
    const imp = await f.cli(['token', 'import', '--token-stdin'], { input: `${user}\n` });
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(/Imported a USER token as "user"/);
    const pageImport = await f.json(['token', 'import', '--token-stdin'], { input: page });
    expect(pageImport).toMatchObject({ name: `page:${f.emu.pages[0].id}`, type: 'PAGE', expiresAt: null, obtainedVia: 'import' });
    const list = await f.cli(['token', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^NAME\s+TYPE\s+SUBJECT\s+EXPIRES\s+STATE\s+FINGERPRINT$/m);
    expect(list.stdout).toMatch(/^user\s+USER\s+\d+\s+59d 23h\s+ok\s+[0-9a-f]+$/m);
    expectNoSecrets(list, [user, page]);
    expectNoSecrets(imp, [user]);
    const records = await f.json<Array<{ name: string }>>(['token', 'list']);
    expect(records.map((x) => x.name).sort()).toEqual([`page:${f.emu.pages[0].id}`, 'user']);
    expect(JSON.stringify(records)).not.toContain(user);
    const get = await f.cli(['token', 'get', `page:${f.emu.pages[0].id}`]);
    expect(get.code).toBe(0);
    expect(get.stdout).toBe(`${page}\n`);
    expect(get.stderr).toBe('');
  });

  it('refuses an invalid token with exit 3 and stores nothing', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    f.emu.invalidateToken(user, 467);
    const r = await f.cli(['token', 'import', '--token-stdin'], { input: user });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('fbtok login');
    expect(await f.json(['token', 'list'])).toEqual([]);
  });

  it('importing over a name needs --force without a TTY; the replaced token is kept as previous', async () => {
    f = await setUp();
    const first = f.emu.issueUserToken({ lifetime: 'long' });
    const second = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(first);
    const refused = await f.cli(['token', 'import', '--token-stdin'], { input: second });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    const forced = await f.json(['token', 'import', '--token-stdin', '--force'], { input: second });
    expect(forced.previous?.fingerprint).toMatch(/^[0-9a-f]+$/);
    expect((await f.cli(['token', 'get', 'user'])).stdout.trim()).toBe(second);
    const same = await f.cli(['token', 'import', '--token-stdin'], { input: second });
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('already holds this token');
  });

  it('import over a name keeps its subject name only when the new token is for the same subject', async () => {
    f = await setUp({ pages: 1 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const pageName = `page:${f.emu.pages[0].id}`;
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const again = await f.json(['token', 'import', '--token-stdin', '--name', pageName, '--force'], { input: f.emu.pageTokenFor(f.emu.issueUserToken({ lifetime: 'long' }), f.emu.pages[0].id) });
    expect(again).toMatchObject({ type: 'PAGE', subjectId: f.emu.pages[0].id, subjectName: 'Emulated Page 1' });
    const refused = await f.cli(['token', 'import', '--token-stdin', '--name', pageName], { input: user });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`which holds a PAGE token (Emulated Page 1, ${f.emu.pages[0].id})`);
    const over = await f.json(['token', 'import', '--token-stdin', '--name', pageName, '--force'], { input: user });
    expect(over).toMatchObject({ type: 'USER', subjectName: null });
  });

  it('import without --token-stdin and without a TTY is exit 2 naming the flag; --name is used', async () => {
    f = await setUp();
    const r = await f.cli(['token', 'import']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--token-stdin');
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await f.json(['token', 'import', '--token-stdin', '--name', 'ci-bot'], { input: user })).name).toBe('ci-bot');
  });

  it('get and delete of an unknown name are exit 2 pointing to `fbtok token list`; delete removes', async () => {
    f = await setUp();
    const missing = await f.cli(['token', 'get', 'page:1']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('`fbtok token list` shows the stored names');
    expect(missing.stdout).toBe('');
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    expect((await f.cli(['token', 'delete', 'user'])).code).toBe(0);
    expect(await f.json(['token', 'list'])).toEqual([]);
    const gone = await f.cli(['token', 'delete', 'user']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('Run `fbtok login` first');
  });

  it('export: env, dotenv and json formats with names derived from token names', async () => {
    f = await setUp({ pages: [{ id: '123' }] });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const page = (await f.cli(['token', 'get', 'page:123'])).stdout.trim();
    const env = await f.cli(['token', 'export']);
    expect(env.stdout).toBe(`export FB_PAGE_123_ACCESS_TOKEN=${page}\nexport FB_USER_ACCESS_TOKEN=${user}\n`);
    const dotenv = await f.cli(['token', 'export', 'user', '--format', 'dotenv']);
    expect(dotenv.stdout).toBe(`FB_USER_ACCESS_TOKEN=${user}\n`);
    const json = await f.cli(['token', 'export', 'page:123', 'user', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ 'page:123': page, user });
    expect((await f.cli(['token', 'export', 'nope'])).code).toBe(2);
    expect((await f.cli(['token', 'export', '--format', 'yaml'])).code).toBe(2);
  });

  it('--json: get gives {name, token}, export the --format json document, delete a small result; a conflicting --format is exit 2', async () => {
    f = await setUp({ pages: [{ id: '123' }] });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const page = (await f.cli(['token', 'get', 'page:123'])).stdout.trim();
    expect(await f.json(['token', 'get', 'user'])).toEqual({ name: 'user', token: user });
    const viaFormat = await f.cli(['token', 'export', '--format', 'json']);
    const viaJson = await f.cli(['token', 'export', '--json']);
    expect(viaJson.code, viaJson.stderr).toBe(0);
    expect(viaJson.stdout).toBe(viaFormat.stdout);
    expect(JSON.parse(viaJson.stdout)).toEqual({ 'page:123': page, user });
    expect(await f.json(['token', 'export', 'user', '--format', 'json'])).toEqual({ user });
    const conflict = await f.cli(['token', 'export', '--json', '--format', 'env']);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('--json prints the tokens as JSON');
    expect(JSON.parse(conflict.stdout).error.exitCode).toBe(2);
    expect(conflict.stdout).not.toContain(user);
    expect(await f.json(['token', 'delete', 'page:123'])).toEqual({ name: 'page:123', deleted: true, store: 'file', profile: 'default' });
    const missing = await f.cli(['token', 'get', 'page:123', '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('TOKEN_NOT_FOUND');
  });

  it('export --format github: masks on stdout, NAME<<DELIM entries appended to $GITHUB_OUTPUT or $GITHUB_ENV', async () => {
    f = await setUp();
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    const dir = mkdtempSync(join(tmpdir(), 'fbtok-gh-'));
    dirs.push(dir);
    const output = join(dir, 'output');
    writeFileSync(output, 'earlier=1\n');
    const r = await f.cli(['token', 'export', '--format', 'github'], { env: { GITHUB_OUTPUT: output } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`::add-mask::${user}\n`);
    expect(r.stderr).not.toContain(user);
    expect(readFileSync(output, 'utf8')).toMatch(new RegExp(`^earlier=1\\nFB_USER_ACCESS_TOKEN<<(ghadelimiter_[0-9a-f-]+)\\n${user}\\n\\1\\n$`));
    const envFile = join(dir, 'env');
    expect((await f.cli(['token', 'export', '--format', 'github', '--env'], { env: { GITHUB_ENV: envFile } })).code).toBe(0);
    expect(readFileSync(envFile, 'utf8')).toContain(`FB_USER_ACCESS_TOKEN<<`);
    const unset = await f.cli(['token', 'export', '--format', 'github']);
    expect(unset.code).toBe(2);
    expect(unset.stderr).toContain('GITHUB_OUTPUT');
    expect(unset.stdout).toBe('');
  });

  it('parses flags apart from running', () => {
    expect(parseTokenExportFlags(['a'], { format: 'json' })).toEqual({ names: ['a'], format: 'json', githubEnv: false });
    expect(parseTokenExportFlags(undefined, {})).toEqual({ names: [], format: undefined, githubEnv: false });
    expect(() => parseTokenExportFlags([], { format: 'env', env: true })).toThrow(/--format github/);
    expect(parseTokenImportFlags({ tokenStdin: true, name: 'page:1', force: true })).toEqual({ tokenStdin: true, name: 'page:1', force: true });
    expect(() => parseTokenImportFlags({ name: 'bad name' })).toThrow(/Invalid token name/);
  });
});
