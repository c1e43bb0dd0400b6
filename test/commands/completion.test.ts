import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from '../helpers/run-cli.js';
import { requireBinary } from '../helpers/binaries.js';
import { createTokenStore } from '../../src/store/create-store.js';
import { systemClock } from '../../src/io/clock.js';
import { resolvePaths } from '../../src/config/paths.js';

/**
 * Each shell run is bounded (the shell, and the `fbtok __complete-names` it starts); a test's timeout is
 * the sum of its runs' bounds, never tighter: on a loaded machine (zsh's compinit and a node start per
 * run) a slow run fails on its own bound, naming the shell, not on vitest's clock.
 */
const SHELL_BOUND_MS = 30_000;
const runs = (n: number) => ({ timeout: n * SHELL_BOUND_MS + 5_000 });
const bounded = { timeout: SHELL_BOUND_MS, killSignal: 'SIGKILL' as const };

function record(name: string) {
  return {
    schemaVersion: 1, name, type: name === 'user' ? 'USER' : 'PAGE', appId: '1', subjectId: '2', subjectName: null, scopes: [],
    expiresAt: null, dataAccessExpiresAt: null, obtainedAt: new Date().toISOString(), obtainedVia: 'import', fingerprint: 'abc',
  };
}

describe('fbtok completion', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fbtok-completion-'));
    // A `fbtok` on PATH, as after `npm install -g`.
    const binDir = join(dir, 'bin');
    execFileSync('mkdir', ['-p', binDir]);
    writeFileSync(join(binDir, 'fbtok'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
    chmodSync(join(binDir, 'fbtok'), 0o755);
    env = { PATH: `${binDir}:${process.env.PATH}`, FBTOK_CONFIG_DIR: join(dir, 'config'), FBTOK_STORE: 'file', HOME: dir };
    const store = await createTokenStore({
      kind: 'file', profile: 'default', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {},
    });
    await store.put([{ record: record('user'), secret: 'EAAsecretuser0000000000000000' }, { record: record('page:4242'), secret: 'EAAsecretpage0000000000000000' }], { command: 'test' });
    await store.close();
    // A second profile: names complete from the profile the command line names.
    const work = await createTokenStore({
      kind: 'file', profile: 'work', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {},
    });
    await work.put([{ record: record('page:777'), secret: 'EAAsecretwork0000000000000000' }], { command: 'test' });
    await work.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const quoted = (words: string[]) => words.map((w) => `'${w}'`).join(' ');

  /**
   * bash: the completion function as bash's own completion calls it, with the line typed so far in
   * COMP_LINE and COMP_WORDS split the way bash splits them, at COMP_WORDBREAKS too (page:1 is
   * "page" ":" "1"). The replies are what bash puts in place of the text after the last break.
   */
  function complete(words: string[]): string[] {
    const line = words.join(' ');
    const split = [...(line.match(/[^\s"'><=;|&(:]+|[><=;|&(:]+/g) ?? []), ...(/\s$/.test(line) ? [''] : [])];
    const script = `source <(fbtok completion bash)
COMP_WORDBREAKS=$' \\t\\n"\\'><=;|&(:'
COMP_LINE=${JSON.stringify(line).replace(/\$/g, '\\$')}; COMP_POINT=\${#COMP_LINE}
COMP_WORDS=(${quoted(split)}); COMP_CWORD=${split.length - 1}
_fbtok; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['-c', script], { env, encoding: 'utf8', cwd: dir, ...bounded }).split('\n').filter(Boolean);
  }

  /**
   * zsh: after compinit, the function runs through zsh's own bashcompinit compgen, set up as its
   * _bash_complete does; compadd would then keep the words that start with the current one.
   */
  function completeZsh(words: string[]): string[] {
    const script = `autoload -U compinit && compinit -u -D
source <(fbtok completion zsh)
[[ "\${_comps[fbtok]}" == "_bash_complete -o default -F _fbtok" ]] || { print -u2 "not registered: \${_comps[fbtok]}"; exit 3; }
words=(${quoted(words)}); CURRENT=${words.length}; COMP_WORDS=("\${words[@]}"); COMP_CWORD=$((CURRENT - 1))
compgen -F _fbtok -- "\${words[CURRENT]}"`;
    const cur = words.at(-1)!;
    return execFileSync(requireBinary('zsh', 'zsh'), ['-f', '-c', script], { env, encoding: 'utf8', ...bounded })
      .split('\n')
      .filter((w) => w && w.startsWith(cur));
  }

  /** fish: its own completion engine on a command line (`complete -C`), descriptions dropped. */
  function completeFish(line: string): string[] {
    const script = `fbtok completion fish | source; complete -C${JSON.stringify(line)}`;
    return execFileSync(requireBinary('fish', 'fish'), ['--no-config', '-c', script], { env, encoding: 'utf8', ...bounded })
      .split('\n')
      .filter(Boolean)
      .map((w) => w.split('\t')[0]);
  }

  it('loads in bash and completes commands', runs(3), () => {
    expect(complete(['fbtok', 'to'])).toEqual(['token']);
    expect(complete(['fbtok', 'de'])).toEqual(['debug-token']);
    expect(complete(['fbtok', 'token', ''])).toEqual(expect.arrayContaining(['list', 'get', 'import', 'delete', 'export']));
  });

  it('completes stored token names for commands that take one', runs(3), () => {
    expect(complete(['fbtok', 'token', 'get', ''])).toEqual(['page:4242', 'user']);
    expect(complete(['fbtok', 'debug-token', 'pa'])).toEqual(['page:4242']);
    expect(complete(['fbtok', 'status', ''])).toEqual([]);
  });

  it('bash: skips option values, offers a name only once, completes options of subcommands and setting keys', runs(11), () => {
    expect(complete(['fbtok', '--profile', 'default', 'token', 'get', ''])).toEqual(['page:4242', 'user']);
    expect(complete(['fbtok', '--profile', ''])).toEqual([]);
    expect(complete(['fbtok', 'token', 'get', 'user', ''])).toEqual([]);
    expect(complete(['fbtok', 'token', 'export', '--f'])).toEqual(['--format']);
    expect(complete(['fbtok', 'config', 'get', 'app'])).toEqual(['app-id', 'app-secret']);
    expect(complete(['fbtok', 'config', 'set', 'app'])).toEqual(['app-id', 'app-secret']);
    expect(complete(['fbtok', '--profile', 'work', 'token', 'get', ''])).toEqual(['page:777']);
    expect(complete(['fbtok', 'debug-token', '--profile=work', ''])).toEqual(['page:777']);
    expect(complete(['fbtok', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // After a ':' bash replaces only what follows it: the reply is the rest of the name.
    expect(complete(['fbtok', 'token', 'get', 'page:'])).toEqual(['4242']);
    expect(complete(['fbtok', '--store', 'file', 'token', 'get', 'page:4'])).toEqual(['4242']);
  });

  it('bash: a stored name that looks like shell code is offered as text, never run', runs(1), async () => {
    const odd = await createTokenStore({ kind: 'file', profile: 'odd', paths: resolvePaths(env), env, clock: systemClock, interactive: false, warn: () => {} });
    const name = '$(touch pwned)';
    await odd.put([{ record: { ...record(name), type: 'USER' }, secret: 'EAAsecretodd00000000000000000' }], { command: 'test' });
    await odd.close();
    expect(complete(['fbtok', '--profile', 'odd', 'token', 'get', ''])).toEqual([name]);
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
  });

  it('zsh: registers with compinit and completes commands, subcommands and token names', runs(5), () => {
    expect(completeZsh(['fbtok', 'to'])).toEqual(['token']);
    expect(completeZsh(['fbtok', 'token', ''])).toEqual(['list', 'get', 'import', 'delete', 'export']);
    expect(completeZsh(['fbtok', 'token', 'get', ''])).toEqual(['page:4242', 'user']);
    expect(completeZsh(['fbtok', '--profile', 'default', 'debug-token', 'u'])).toEqual(['user']);
    expect(completeZsh(['fbtok', '--profile', 'work', 'debug-token', ''])).toEqual(['page:777']);
  });

  it('fish: completes commands, subcommands, options and token names in the right places only', runs(14), () => {
    expect(completeFish('fbtok to')).toEqual(['token']);
    expect(completeFish('fbtok token ').sort()).toEqual(['delete', 'export', 'get', 'import', 'list']);
    expect(completeFish('fbtok token get ')).toEqual(['page:4242', 'user']);
    expect(completeFish('fbtok --profile default debug-token ')).toEqual(['page:4242', 'user']);
    // After the name, and under other commands' subcommands, no names and no token subcommands.
    expect(completeFish('fbtok token get user ')).toEqual([]);
    expect(completeFish('fbtok config get ')).toEqual(['app-id', 'app-secret', 'client-token', 'graph-version', 'pkce', 'port', 'redirect-uri', 'scopes', 'store']);
    expect(completeFish('fbtok token export --f')).toEqual(['--format']);
    expect(completeFish('fbtok debug-token --a')).toEqual(['--all']);
    expect(completeFish('fbtok --profile work token get ')).toEqual(['page:777']);
    expect(completeFish('fbtok completion ')).toEqual(['bash', 'fish', 'zsh']);
    // File names where a command takes them, and nowhere else.
    expect(completeFish(`fbtok scan ${dir}/b`)).toEqual([`${dir}/bin/`]);
    expect(completeFish(`fbtok token get ${dir}/b`)).toEqual([]);
    expect(completeFish(`fbtok exec --dotenv ${dir}/b`)).toEqual([`${dir}/bin/`]);
    expect(completeFish('fbtok --profile ')).toEqual([]);
  });

  it('bash: --env NAME=<Tab> offers token names, --store <Tab> the store kinds, no --version after a command', runs(8), () => {
    // bash replaces what follows the last '=' or ':': the replies are the rest.
    expect(complete(['fbtok', 'exec', '--env', 'PAGE_ACCESS_TOKEN='])).toEqual(['page:4242', 'user']);
    expect(complete(['fbtok', 'exec', '--env', 'T=pa'])).toEqual(['page:4242']);
    expect(complete(['fbtok', '--profile', 'work', 'exec', '--env', 'T='])).toEqual(['page:777']);
    expect(complete(['fbtok', 'exec', '--env', 'T=user', '--env', 'P=page:'])).toEqual(['4242']);
    expect(complete(['fbtok', '--store', ''])).toEqual(['keychain', 'file', 'helper:']);
    expect(complete(['fbtok', 'status', '--store', 'f'])).toEqual(['file']);
    expect(complete(['fbtok', '--v'])).toEqual(['--version', '--verbose']);
    expect(complete(['fbtok', 'status', '--v'])).toEqual(['--verbose']);
  });

  it('zsh: --env NAME=<Tab> offers NAME=token, --store <Tab> the store kinds, no --version after a command', runs(3), () => {
    expect(completeZsh(['fbtok', 'exec', '--env', 'T='])).toEqual(['T=page:4242', 'T=user']);
    expect(completeZsh(['fbtok', '--store', ''])).toEqual(['keychain', 'file', 'helper:']);
    expect(completeZsh(['fbtok', 'token', 'list', '--v'])).toEqual(['--verbose']);
  });

  it('fish: --env NAME=<Tab> offers NAME=token, --store <Tab> the store kinds, no --version after a command', runs(5), () => {
    expect(completeFish('fbtok exec --env T=').sort()).toEqual(['T=page:4242', 'T=user']);
    expect(completeFish('fbtok --profile work exec --env T=')).toEqual(['T=page:777']);
    expect(completeFish('fbtok --store ').sort()).toEqual(['file', 'helper:', 'keychain']);
    expect(completeFish('fbtok --v').sort()).toEqual(['--verbose', '--version']);
    expect(completeFish('fbtok status --v')).toEqual(['--verbose']);
  });

  it('prints each script and rejects other shells', runs(4), async () => {
    const zsh = await runCli(['completion', 'zsh'], { env });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await runCli(['completion', 'fish'], { env });
    expect(fish.stdout).toContain('complete -c fbtok');
    expect(fish.stdout).toContain('__complete-names');
    const json = await runCli(['completion', 'bash', '--json'], { env });
    expect(JSON.parse(json.stdout)).toEqual({ shell: 'bash', script: expect.stringContaining('complete -o default -F _fbtok fbtok') });
    const bad = await runCli(['completion', 'tcsh'], { env });
    expect(bad.code).toBe(2);
  });
});
