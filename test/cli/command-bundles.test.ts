// Start-up: bin/fbtok.cjs runs a command from a bundle holding the parser and that one command
// (scripts/bundle.mjs, dist/cli/cmd/). It must be the same command as in the full CLI.
import { readFileSync } from 'node:fs';
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

  it("`fbtok X --help` from X's bundle is what the full CLI prints for `fbtok help X`", async () => {
    const dir = tempConfigDir();
    try {
      const env = { FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file' };
      for (const name of routes.commands) {
        const own = await runCli(['--profile', 'default', name, '--help'], { env });
        const full = await runCli(['help', name], { env });
        expect({ name, ...own }).toEqual({ name, ...full });
        expect(own.code).toBe(0);
      }
    } finally {
      dir.remove();
    }
  });
});
