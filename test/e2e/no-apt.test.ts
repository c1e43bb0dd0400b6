// `npm test` on a machine without apt-get (macOS, Windows' Git Bash, another distribution): it says which
// tests it cannot run there and why, runs the rest, and never fails inside apt.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');

describe('npm test without apt-get', () => {
  let dir: string;
  let bin: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fbtok-noapt-'));
    bin = join(dir, 'bin');
    // A machine with a shell and the basics, and none of the real parts nor apt-get.
    spawnSync('mkdir', [bin]);
    for (const tool of ['bash', 'id', 'sort', 'dirname', 'cat', 'grep']) {
      const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      symlinkSync(found, join(bin, tool));
    }
    // npm and npx stand in for the build and vitest: they record what test.sh asked of them.
    for (const tool of ['npm', 'npx']) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${join(dir, 'calls')}"\n`);
      chmodSync(join(bin, tool), 0o755);
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = (script: string) => spawnSync(join(bin, 'bash'), [join(ROOT, 'scripts', script)], { cwd: ROOT, env: { PATH: bin, HOME: dir }, encoding: 'utf8', timeout: 60_000 });

  it('install-test-deps.sh installs nothing and says what it cannot install (exit 3), instead of failing in apt', () => {
    const r = run('install-test-deps.sh');
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^Cannot install the Debian packages some tests drive \(no apt-get on this machine\): .*gnome-keyring.*zsh.*fish/m);
    expect(r.stderr).not.toMatch(/apt-get update|E: /);
  });

  it('test.sh names each test it leaves out and why, then runs the rest', () => {
    const r = run('test.sh');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('Not run on this machine: test/store/keychain-store.test.ts (needs a Secret Service (dbus, gnome-keyring, libsecret-tools))');
    expect(r.stderr).toContain('Not run on this machine: test/commands/completion.test.ts (needs zsh and fish)');
    expect(r.stderr).toContain('Not run on this machine: test/cli/terminal-output.test.ts (needs util-linux script (a pseudo-terminal))');
    expect(r.stderr).toMatch(/Left out \d+ test file\(s\) needing parts this machine lacks/);
    const calls = readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n');
    expect(calls[0]).toBe('npm run build --silent');
    const vitest = calls.find((c) => c.startsWith('npx vitest run'))!;
    expect(vitest).toContain('--exclude test/store/keychain-store.test.ts');
    expect(vitest).toContain('--exclude test/commands/completion.test.ts');
    // Tests that need nothing beyond Node still run: they are not excluded.
    expect(vitest).not.toContain('test/store/file-store.test.ts');
  });
});
