// `config set app-secret` / `client-token`: the value's shape is checked, a variable that overrides it is
// named, a store chosen with --store stays chosen, and a machine without a keychain is told the lasting fix.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, runCli, tempConfigDir } from '../helpers/run-cli.js';
import { requireBinary } from '../helpers/binaries.js';

const exec = promisify(execFile);
const SECRET = '0123456789abcdef0123456789abcdef';
let dirs: Array<{ remove(): void }> = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

function setUp(extra: Record<string, string> = {}) {
  const d = tempConfigDir();
  dirs.push(d);
  // No D-Bus session: the keychain (the default store) is unavailable, as on a headless box.
  const env = { FBTOK_CONFIG_DIR: d.dir, FBTOK_STATE_DIR: join(d.dir, 'state'), ...extra };
  return { dir: d.dir, env, cli: (args: string[], input = '', more: Record<string, string> = {}) => runCli(args, { env: { ...env, ...more }, input }) };
}

describe('config set app-secret: the shape of the value', () => {
  it('32 hex characters: stored without a warning', async () => {
    const f = setUp({ FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: 'p' });
    const r = await f.cli(['config', 'set', 'app-secret', '--stdin'], `${SECRET}\n`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
  });

  it('another shape: stored, with a warning that says what Facebook\'s look like', async () => {
    const f = setUp({ FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: 'p' });
    const r = await f.cli(['config', 'set', 'app-secret', '--stdin'], 'my-app-password');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: The app-secret is 15 characters and not all hexadecimal; Facebook's are 32 hexadecimal characters/);
    expect(r.stderr).not.toContain('my-app-password');
    expect(JSON.parse((await f.cli(['config', 'get', 'app-secret', '--json'])).stdout)).toMatchObject({ set: true });
  });

  it.each([
    ['two lines', `${SECRET}\nsecond-line`, /is 2 lines/],
    ['an escape sequence', `${SECRET.slice(0, 16)}\u001b]0;x\u0007${SECRET.slice(16)}`, /holds a control character/],
  ])('%s: exit 2, nothing stored', async (_label, input, what) => {
    const f = setUp({ FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: 'p' });
    const r = await f.cli(['config', 'set', 'app-secret', '--stdin'], input);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(what);
    expect(r.stderr).not.toContain('second-line');
    expect(JSON.parse((await f.cli(['config', 'get', 'app-secret', '--json'])).stdout)).toMatchObject({ set: false });
  });

  it('FBTOK_APP_SECRET set: a warning that it overrides the stored one, as for app-id', async () => {
    const f = setUp({ FBTOK_STORE: 'file', FBTOK_STORE_PASSPHRASE: 'p' });
    const r = await f.cli(['config', 'set', 'app-secret', '--stdin'], SECRET, { FBTOK_APP_SECRET: 'fedcba9876543210fedcba9876543210' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning: FBTOK_APP_SECRET is set and overrides it here.');
    expect(r.stderr).not.toContain('fedcba98');
  });
});

describe('a machine with no keychain', () => {
  it('exit 7 names the lasting fix: `fbtok config set store file` with FBTOK_STORE_PASSPHRASE', async () => {
    const f = setUp();
    const r = await f.cli(['config', 'set', 'app-secret', '--stdin'], SECRET);
    expect(r.code, r.stderr).toBe(7);
    expect(r.stderr).toMatch(/^ {2}.*`fbtok config set store file`.*FBTOK_STORE_PASSPHRASE/m);
  });

  it('`config set app-secret --stdin --store file` keeps the file store for the profile: the next commands use it', async () => {
    const f = setUp({ FBTOK_STORE_PASSPHRASE: 'correct horse' });
    const set = await f.cli(['config', 'set', 'app-secret', '--stdin', '--store', 'file'], SECRET);
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toContain('Profile "default" now uses the file store');
    // No flag, no FBTOK_STORE: the profile's saved store, not the unreachable keychain.
    expect(JSON.parse((await f.cli(['config', 'get', 'store', '--json'])).stdout)).toEqual({ key: 'store', value: 'file', source: 'config' });
    const get = await f.cli(['config', 'get', 'app-secret', '--json']);
    expect(get.code, get.stderr).toBe(0);
    expect(JSON.parse(get.stdout)).toMatchObject({ set: true, source: 'store' });
    const status = await f.cli(['status', '--json']);
    expect(JSON.parse(status.stdout).store.kind).toBe('file');
  });
});

describe('the unencrypted file store warns on a terminal', () => {
  it('on the first write even with stdin piped, once per command', async () => {
    requireBinary('script', 'bsdutils');
    const f = setUp({ FBTOK_STORE: 'file' });
    const env = { ...process.env, ...f.env, NO_COLOR: '1' };
    // stderr is a pseudo-terminal; stdin is a pipe, as in the Quick Start.
    const command = `printf %s ${SECRET} | '${process.execPath}' '${CLI}' config set app-secret --stdin && printf %s ${SECRET.replace('0', '1')} | '${process.execPath}' '${CLI}' config set client-token --stdin`;
    const { stdout } = await exec('script', ['-qfec', `sh -c "${command}"`, '/dev/null'], { env });
    expect(stdout.match(/UNENCRYPTED/g)).toHaveLength(2); // one per command
    expect(stdout).toContain(`Tokens are stored UNENCRYPTED in ${join(f.dir, 'tokens.json')}`);
    // Piped stderr (a script, a log): no warning there, `fbtok doctor` reports it.
    const piped = await f.cli(['config', 'set', 'app-secret', '--stdin'], SECRET.replace('0', '2'));
    expect(piped.stderr).not.toContain('UNENCRYPTED');
  });
});
