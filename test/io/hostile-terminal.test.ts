// On a real terminal (a pseudo-terminal from util-linux `script`), colour is on: fbtok's own SGR colour
// reaches the terminal, while a hostile Graph message's OSC, C1 and bidi characters arrive escaped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CLI } from '../helpers/run-cli.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

const HOSTILE = 'x\u001b]0;pwned\u0007\u009b2J\u202etxt';

/** Runs the CLI on a pseudo-terminal; resolves with everything the terminal received. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm-256color', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end();
  });
}

describe.skipIf(!existsSync('/usr/bin/script'))('hostile text on a real terminal', () => {
  let fx: Fixture;
  beforeAll(async () => {
    fx = await setUp();
  });
  afterAll(() => fx.close());

  it('a hostile Graph message is escaped inside the red error line', async () => {
    const token = fx.emu.issueUserToken({ lifetime: 'long' });
    fx.emu.injectFault({ kind: 'error', code: 100, message: HOSTILE, times: 10 });
    try {
      const r = await onTerminal(['debug-token'], { ...fx.env, FBTOK_ACCESS_TOKEN: token });
      expect(r.code).not.toBe(0);
      expect(r.output).toMatch(/\u001b\[31merror: /); // colour is on: this is a terminal
      expect(r.output).toContain('x\\u001b]0;pwned\\u0007\\u009b2J\\u202etxt');
      const withoutSgr = r.output.replace(/\u001b\[[0-9;]*m/g, '');
      expect(withoutSgr).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);
    } finally {
      fx.emu.clearFaults();
    }
  });
});
