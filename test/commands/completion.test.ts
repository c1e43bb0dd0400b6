import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli } from '../helpers/run-cli.js';
import { createTokenStore } from '../../src/store/create-store.js';
import { systemClock } from '../../src/io/clock.js';
import { resolvePaths } from '../../src/config/paths.js';

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
    const record = (name: string) => ({
      schemaVersion: 1, name, type: name === 'user' ? 'USER' : 'PAGE', appId: '1', subjectId: '2', subjectName: null, scopes: [],
      expiresAt: null, dataAccessExpiresAt: null, obtainedAt: new Date().toISOString(), obtainedVia: 'import', fingerprint: 'abc',
    });
    await store.put([{ record: record('user'), secret: 'EAAsecretuser0000000000000000' }, { record: record('page:4242'), secret: 'EAAsecretpage0000000000000000' }], { command: 'test' });
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function complete(words: string[]): string[] {
    const script = `source <(fbtok completion bash)
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}
_fbtok; printf '%s\\n' "\${COMPREPLY[@]}"`;
    return execFileSync('bash', ['-c', script], { env, encoding: 'utf8' }).split('\n').filter(Boolean);
  }

  it('loads in bash and completes commands', () => {
    expect(complete(['fbtok', 'to'])).toEqual(['token']);
    expect(complete(['fbtok', 'de'])).toEqual(['debug-token']);
    expect(complete(['fbtok', 'token', ''])).toEqual(expect.arrayContaining(['list', 'get', 'import', 'delete', 'export']));
  });

  it('completes stored token names for commands that take one', () => {
    expect(complete(['fbtok', 'token', 'get', ''])).toEqual(['page:4242', 'user']);
    expect(complete(['fbtok', 'debug-token', 'pa'])).toEqual(['page:4242']);
    expect(complete(['fbtok', 'status', ''])).toEqual([]);
  });

  it('prints zsh and fish scripts and rejects other shells', async () => {
    const zsh = await runCli(['completion', 'zsh'], { env });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await runCli(['completion', 'fish'], { env });
    expect(fish.stdout).toContain('complete -c fbtok');
    expect(fish.stdout).toContain('__complete-names');
    const bad = await runCli(['completion', 'tcsh'], { env });
    expect(bad.code).toBe(2);
  });
});
