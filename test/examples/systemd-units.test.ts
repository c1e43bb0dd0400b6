// examples/systemd: the units pass `systemd-analyze verify` without a warning, are hardened and scheduled as
// the issue asks, and the command lines they run are ones fbtok accepts.
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { requireBinary } from '../helpers/binaries.js';
import { CLI } from '../helpers/run-cli.js';
import { seedUserAndPages, setUpRotation, type RotationFixture } from '../rotate/harness.js';

const SYSTEMD_ANALYZE = requireBinary('systemd-analyze', 'systemd');
const DIR = resolve(import.meta.dirname, '../../examples/systemd');
const service = readFileSync(join(DIR, 'fbtok-rotate.service'), 'utf8');
const timer = readFileSync(join(DIR, 'fbtok-rotate.timer'), 'utf8');

/** verify reports most mistakes as warnings with exit 0: both are read. */
function verify(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'fbtok-units-'));
  // /usr/bin/fbtok is where a package installs it; here the built CLI stands in (verify checks ExecStart exists).
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text.replaceAll('/usr/bin/fbtok', CLI));
  return new Promise((done) => {
    execFile(SYSTEMD_ANALYZE, ['verify', ...Object.keys(files).map((n) => join(dir, n))], (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr });
    });
  });
}

describe('examples/systemd', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('systemd-analyze verify accepts both units without a warning', async () => {
    const r = await verify({ 'fbtok-rotate.service': service, 'fbtok-rotate.timer': timer });
    expect(r).toEqual({ code: 0, output: '' });
  });

  it('the check is real: a misspelt key or a bad value is reported', async () => {
    const r = await verify({ 'fbtok-rotate.service': service.replace('NoNewPrivileges=yes', 'NoNewPrivileges=maybe'), 'fbtok-rotate.timer': timer.replace('Persistent=', 'Persistnt=') });
    expect(r.output).toContain('Failed to parse boolean value');
    expect(r.output).toContain("Unknown key 'Persistnt'");
  });

  it('twice a day with a random delay, persistent, hardened, the config dir writable', () => {
    expect(timer).toMatch(/^OnCalendar=\*-\*-\* 00,12:00:00$/m);
    expect(timer).toMatch(/^RandomizedDelaySec=\S+$/m);
    expect(timer).toMatch(/^Persistent=true$/m);
    for (const line of ['NoNewPrivileges=yes', 'ProtectSystem=strict', 'StateDirectory=fbtok', 'Environment=FBTOK_CONFIG_DIR=/var/lib/fbtok FBTOK_STORE=file NO_COLOR=1']) {
      expect(service.split('\n')).toContain(line);
    }
  });

  it('the fbtok command lines in the service are ones the CLI accepts', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 30);
    const lines = service.split('\n').filter((l) => /^Exec\w+=-?\/usr\/bin\/fbtok /.test(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      const args = line.replace(/^Exec\w+=-?\/usr\/bin\/fbtok /, '').split(' ').map((a) => (a.startsWith('/var/lib/') ? f!.env.FBTOK_CONFIG_DIR : a));
      const r = await f.cli(args[0] === 'rotate' ? [...args, '--dry-run'] : args);
      expect(r.code, `${line}\n${r.stderr}`).toBe(0);
    }
  });
});
