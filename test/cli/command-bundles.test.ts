// Start-up: bin/fbtok.cjs runs a command from a bundle holding the parser and that one command
// (scripts/bundle.mjs, dist/cli/cmd/). It must be the same command as in the full CLI.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';
import { COMMANDS } from '../../src/commands/manifest.js';

const cli = resolve(import.meta.dirname, '../../dist/cli');
const routes = JSON.parse(readFileSync(join(cli, 'routes.json'), 'utf8')) as { valueOptions: string[]; commands: string[] };

describe('command bundles', () => {
  it('every command but completion has its own bundle, holding no other command', () => {
    expect(routes.commands.sort()).toEqual(COMMANDS.map((c) => c.name).filter((n) => !n.startsWith('__') && n !== 'completion').sort());
    expect(routes.valueOptions).toEqual(expect.arrayContaining(['--profile', '--timeout', '--max-wait', '--graph-version', '--store']));
    const status = readFileSync(join(cli, 'cmd', 'status.cjs'), 'utf8');
    expect(status).toContain('function registerStatus(');
    for (const other of ['Login', 'Rotate', 'Doctor', 'Scan']) expect(status).not.toContain(`function register${other}(`);
    expect(status.length).toBeLessThan(readFileSync(join(cli, 'fbtok.cjs'), 'utf8').length / 1.5);
  });

  it("bin/fbtok.cjs picks the command as the parser does: a global option's value is not the command", async () => {
    const dir = tempConfigDir();
    try {
      const r = await runCli(['--profile', 'status', 'token', 'list', '--json'], { env: { FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file' } });
      expect(r).toMatchObject({ code: 0, stdout: '[]\n' });
    } finally {
      dir.remove();
    }
  });

  it("`fbtok X --help` from X's bundle is what the full CLI prints for `fbtok help X`", async () => {
    // In this process, as bin/fbtok.cjs loads them (no process per run: 28 runs stay quick on a busy machine).
    const { loadBundle } = createRequire(import.meta.url)('../../bin/load-bundle.cjs');
    const full = loadBundle(join(cli, 'fbtok.cjs'));
    const dir = tempConfigDir();
    try {
      const env = { FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file' };
      for (const name of routes.commands) {
        const own = await runEntry(loadBundle(join(cli, 'cmd', `${name}.cjs`)).main, ['--profile', 'default', name, '--help'], env);
        expect({ name, ...own }).toEqual({ name, ...(await runEntry(full.main, ['help', name], env)) });
        expect(own.code).toBe(0);
      }
    } finally {
      dir.remove();
    }
  });
});

type Main = (argv: string[], deps: object) => Promise<number>;

async function runEntry(main: Main, argv: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (d: string) => void) => Object.assign(new PassThrough().on('data', (d) => write(String(d))), { isTTY: false });
  const code = await main(argv, {
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    stdout: sink((d) => (stdout += d)),
    stderr: sink((d) => (stderr += d)),
    env,
  });
  return { code, stdout, stderr };
}
