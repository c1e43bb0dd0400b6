// A file scan cannot read makes the run incomplete: exit 13, the file named with the reason, never "nothing found".
// As root every file is readable, so the CLI then runs as nobody (setpriv), as a CI runner's user would.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/run-cli.js';
import { fakeToken, makeTree } from '../scan/tree.js';

const asRoot = process.getuid?.() === 0;
const canDrop = !asRoot || existsSync('/usr/bin/setpriv');

describe.skipIf(!canDrop)('scan: unreadable files', () => {
  const t = makeTree({ 'ok.js': 'clean\n', 'locked.js': `t="${fakeToken()}"\n`, 'sealed/inner.js': 'x\n' });
  afterAll(() => {
    chmodSync(join(t.dir, 'sealed'), 0o755);
    t.remove();
  });

  const scan = (args: string[]) => {
    const argv = [process.execPath, CLI, 'scan', ...args];
    const [cmd, ...rest] = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...argv] : argv;
    return spawnSync(cmd, rest, { cwd: t.dir, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: '/tmp', LANG: 'C.UTF-8' } });
  };

  it('exit 13 naming each file or directory it could not read, and how to scan them', () => {
    chmodSync(t.dir, 0o755);
    chmodSync(join(t.dir, 'ok.js'), 0o644);
    chmodSync(join(t.dir, 'locked.js'), 0o000);
    chmodSync(join(t.dir, 'sealed'), 0o000);
    const r = scan([]);
    expect(r.status, r.stderr).toBe(13);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('No Facebook tokens or app secrets found in what was scanned (1 file(s) scanned, 2 skipped); the scan is incomplete (exit 13).');
    expect(r.stderr).toMatch(/^ {2}locked\.js: unreadable \(EACCES\)$/m);
    expect(r.stderr).toMatch(/^ {2}sealed: unreadable \(EACCES\)$/m);
    expect(r.stderr).toContain('make unreadable files readable');
    const json = scan(['--json']);
    expect(json.status).toBe(13);
    expect(JSON.parse(json.stdout).summary.skippedFiles).toEqual([
      { file: 'locked.js', reason: 'unreadable', detail: 'EACCES' },
      { file: 'sealed', reason: 'unreadable', detail: 'EACCES' },
    ]);
  });
});
