import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLI, runCli, tempConfigDir } from '../helpers/run-cli.js';
import { VERSION } from '../../src/version.js';

const COMMANDS = ['login', 'exchange-long-lived', 'page-tokens', 'debug-token', 'rotate', 'status', 'token', 'revoke', 'api', 'mcp', 'exec', 'scan', 'log', 'config', 'profile', 'doctor', 'emulator', 'completion'];

describe('command-line contract', () => {
  const dirs: Array<{ remove(): void }> = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  const env = () => {
    const d = tempConfigDir();
    dirs.push(d);
    return { FBTOK_CONFIG_DIR: d.dir, FBTOK_STORE: 'file' };
  };

  it('--version prints the package version on stdout', async () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help lists every command, the exit codes and the environment', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    for (const code of ['0', '1', '2', '3', '4', '5', '6', '7', '8', '130']) expect(r.stdout).toMatch(new RegExp(`^  ${code} +\\S`, 'm'));
    expect(r.stdout).toContain('FBTOK_APP_SECRET');
  });

  it.each(COMMANDS.filter((c) => c !== 'token' && c !== 'config' && c !== 'profile'))('%s --help shows examples', async (command) => {
    const r = await runCli([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ fbtok ${command}`);
  });

  it('an unknown command or option is a usage error (exit 2) with a remedy and no stack', async () => {
    for (const args of [['bogus'], ['status', '--bogus'], ['--timeout', 'abc', 'status']]) {
      const r = await runCli(args, { env: env() });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^error: /m);
      expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(3);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('--json errors are machine-readable on stdout', async () => {
    const r = await runCli(['--json', 'config', 'get', 'nonsense'], { env: env() });
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'UNKNOWN_SETTING', exitCode: 2 } });
  });

  it('config set/get/list round-trips settings per profile', async () => {
    const e = env();
    expect((await runCli(['config', 'set', 'app-id', '1234567890'], { env: e })).code).toBe(0);
    expect((await runCli(['--profile', 'work', 'config', 'set', 'app-id', '999'], { env: e })).code).toBe(0);
    expect((await runCli(['config', 'get', 'app-id'], { env: e })).stdout.trim()).toBe('1234567890');
    expect((await runCli(['config', 'get', 'app-id'], { env: { ...e, FBTOK_PROFILE: 'work' } })).stdout.trim()).toBe('999');
    const list = await runCli(['config', 'list', '--json'], { env: e });
    expect(JSON.parse(list.stdout)).toMatchObject({ profile: 'default', 'app-id': '1234567890', 'graph-version': 'v26.0', store: 'file' });
    const bad = await runCli(['config', 'set', 'port', '70000'], { env: e });
    expect(bad.code).toBe(2);
  });

  it('config get of an unset key prints nothing and exits 0; a secret piped into the wrong key is never echoed', async () => {
    const e = env();
    const unset = await runCli(['config', 'get', 'redirect-uri'], { env: e });
    expect(unset.code).toBe(0);
    expect(unset.stdout).toBe('');
    expect(unset.stderr).toContain('redirect-uri is not set');
    const byDefault = await runCli(['config', 'get', 'port'], { env: e });
    expect(byDefault.stdout).toBe('8765\n');
    expect(byDefault.stderr).toContain('port is not set for profile "default"; the default applies.');
    const secret = '0123456789abcdef0123456789abcdef';
    const wrong = await runCli(['--json', 'config', 'set', 'app-id', '--stdin'], { env: e, input: secret });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr + wrong.stdout).not.toContain(secret.slice(0, 12));
    expect(wrong.stderr).toContain('32 characters read from stdin');
  });

  it('config get reports the value in effect and its source, as config list does (env over the profile, then the default)', async () => {
    const e = env();
    const fromEnv = await runCli(['config', 'get', 'app-id'], { env: { ...e, FBTOK_APP_ID: '4242' } });
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toBe('4242\n');
    expect(fromEnv.stderr).toBe('app-id comes from FBTOK_APP_ID.\n');
    expect((await runCli(['config', 'set', 'app-id', '1234567890'], { env: e })).code).toBe(0);
    const overridden = await runCli(['config', 'get', 'app-id', '--json'], { env: { ...e, FBTOK_APP_ID: '4242' } });
    expect(JSON.parse(overridden.stdout)).toEqual({ key: 'app-id', value: '4242', source: 'env' });
    expect(overridden.stderr).toContain("overriding the profile's 1234567890");
    const list = JSON.parse((await runCli(['config', 'list', '--json'], { env: { ...e, FBTOK_APP_ID: '4242' } })).stdout);
    expect(list['app-id']).toBe('4242');
    const json = async (args: string[], extra: Record<string, string> = {}) => JSON.parse((await runCli([...args, '--json'], { env: { ...e, ...extra } })).stdout);
    expect(await json(['config', 'get', 'app-id'])).toEqual({ key: 'app-id', value: '1234567890', source: 'config' });
    expect(await json(['config', 'get', 'redirect-uri'])).toEqual({ key: 'redirect-uri', value: null, source: 'default' });
    expect(await json(['config', 'get', 'scopes'])).toMatchObject({ key: 'scopes', value: expect.arrayContaining(['pages_messaging']), source: 'default' });
    expect(await json(['config', 'get', 'store'])).toEqual({ key: 'store', value: 'file', source: 'env' });
    expect(await json(['--store', 'keychain', 'config', 'get', 'store'])).toEqual({ key: 'store', value: 'keychain', source: 'flag' });
    expect(await json(['config', 'get', 'graph-version'], { FBTOK_GRAPH_VERSION: 'v25.0' })).toEqual({ key: 'graph-version', value: 'v25.0', source: 'env' });
    expect(await json(['config', 'set', 'port', '9000'])).toEqual({ key: 'port', value: 9000, profile: 'default' });
    expect(await json(['config', 'get', 'port'])).toEqual({ key: 'port', value: 9000, source: 'config' });
  });

  it('config get app-secret says whether it is set and where, never the value', async () => {
    const e = env();
    const secret = 'canary-app-secret-0123456789';
    const none = await runCli(['config', 'get', 'app-secret'], { env: e });
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('app-secret is not set for profile "default"');
    const viaEnv = await runCli(['config', 'get', 'app-secret', '--json'], { env: { ...e, FBTOK_APP_SECRET: secret } });
    expect(JSON.parse(viaEnv.stdout)).toEqual({ key: 'app-secret', value: null, set: true, source: 'env' });
    const set = await runCli(['config', 'set', 'app-secret', '--stdin', '--json'], { env: e, input: secret });
    expect(JSON.parse(set.stdout)).toEqual({ key: 'app-secret', set: true, store: 'file', profile: 'default' });
    const stored = await runCli(['config', 'get', 'app-secret'], { env: e });
    expect(stored.stderr).toContain('app-secret is set for profile "default" (in the file store); it is never printed.');
    for (const r of [none, viaEnv, set, stored]) expect(r.stdout + r.stderr).not.toContain(secret);
    expect(JSON.parse((await runCli(['config', 'get', 'client-token', '--json'], { env: e })).stdout)).toEqual({ key: 'client-token', value: null, set: false, source: null });
  });

  it('config set validates redirect-uri and scopes (exit 2 with the form expected)', async () => {
    const e = env();
    for (const [key, value, remedy] of [
      ['redirect-uri', 'notaurl', 'Valid OAuth Redirect URIs'],
      ['redirect-uri', 'ftp://example.com/cb', 'http(s) URI'],
      ['redirect-uri', 'https://example.com/cb#x', 'http(s) URI'],
      ['scopes', 'a b', 'separated by commas'],
      ['scopes', ',', 'separated by commas'],
      ['scopes', 'pages_messaging,Pages-Show', 'separated by commas'],
    ]) {
      const r = await runCli(['config', 'set', key, value], { env: e });
      expect(r.code, `${key} ${value}`).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: Invalid ${key} `, 'm'));
      expect(r.stderr).toContain(remedy);
    }
    expect((await runCli(['config', 'set', 'redirect-uri', 'https://example.com/fb/callback'], { env: e })).code).toBe(0);
    expect((await runCli(['config', 'set', 'scopes', 'pages_show_list, pages_messaging'], { env: e })).code).toBe(0);
    expect((await runCli(['config', 'get', 'scopes'], { env: e })).stdout).toBe('pages_show_list,pages_messaging\n');
    expect(JSON.parse((await runCli(['config', 'list', '--json'], { env: e })).stdout)).toMatchObject({ 'redirect-uri': 'https://example.com/fb/callback' });
  });

  it('refuses a secret given as an argument and never echoes it', async () => {
    const r = await runCli(['config', 'set', 'app-secret', 'canary-secret-value-123'], { env: env() });
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain('canary-secret-value-123');
    expect(r.stderr).toContain('--stdin');
  });

  it('FBTOK_GRAPH_URL and FBTOK_WWW_URL must be http(s) URLs (exit 2 naming the variable)', async () => {
    for (const [name, value] of [['FBTOK_GRAPH_URL', '127.0.0.1:42023'], ['FBTOK_WWW_URL', 'ftp://example.com']]) {
      const r = await runCli(['config', 'list'], { env: { ...env(), [name]: value } });
      expect(r.code, name).toBe(2);
      expect(r.stderr).toContain(`${name} is not an http(s) URL`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('FBTOK_GRAPH_VERSION and --graph-version are validated', async () => {
    const r = await runCli(['config', 'list'], { env: { ...env(), FBTOK_GRAPH_VERSION: 'latest' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('v26.0');
  });
});

describe('lazy command loading', () => {
  it('the manifest says of each command exactly what the command itself declares', async () => {
    const { Command, Help } = await import('commander');
    const { registerCommands } = await import('../../src/commands/index.js');
    const { COMMANDS } = await import('../../src/commands/manifest.js');
    const program = new Command('fbtok');
    await registerCommands(program, { run: async () => {} }, 'all');
    const help = new Help();
    const real = program.commands.map((c) => ({ name: c.name(), term: help.subcommandTerm(c), description: c.description() }));
    expect(real).toEqual(COMMANDS.map(({ name, term, description }) => ({ name, term, description })));
  });

  it('finds the invoked command past global options and their values', async () => {
    const { buildProgram } = await import('../../src/program.js');
    const { invokedCommand } = await import('../../src/commands/index.js');
    const { Command } = await import('commander');
    const program = new Command().option('--profile <name>').option('--json').option('--timeout <s>');
    expect(invokedCommand(program, ['--profile', 'work', '--json', 'status'])).toBe('status');
    expect(invokedCommand(program, ['--timeout', '5', 'token', 'get', 'user'])).toBe('token');
    expect(invokedCommand(program, ['help', 'login'])).toBe('login');
    expect(invokedCommand(program, ['--json'])).toBeUndefined();
    expect(buildProgram).toBeTypeOf('function');
  });

  it('a global option before the command still reaches the right command', async () => {
    const r = await runCli(['--profile', 'work', '--json', 'config', 'get', 'nonsense']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.code).toBe('UNKNOWN_SETTING');
  });

  it('a reader that closes the pipe early ends fbtok quietly', async () => {
    const { execFileSync } = await import('node:child_process');
    const out = execFileSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" completion bash | head -1; echo "rc=\${PIPESTATUS[0]}"`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toMatch(/^# fbtok completion for bash.*\nrc=0\n$/s);
  });
});
