// Rate limits through the built CLI with the DEFAULT settings (no --max-wait, no FBTOK_MAX_WAIT): the
// emulator answers with a short estimate (seconds, as a fraction of a minute), so the real clock waits
// briefly and honestly. On a terminal (a real pseudo-terminal, util-linux `script`) the wait is a countdown.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/run-cli.js';
import { setUp, type Fixture } from '../commands/token-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await setUp();
  await fx.importToken(fx.emu.issueUserToken({ lifetime: 'long' }));
});
afterAll(() => fx.close());

/** Runs `fbtok ARGS` on a pseudo-terminal: stdin, stdout and stderr are the terminal, as for a person. */
function onTerminal(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('rate limits with the default --max-wait', () => {
  it('--help documents the default (300 seconds) and FBTOK_MAX_WAIT', async () => {
    const r = await fx.cli(['--help']);
    expect(r.stdout.replace(/\s+/g, ' ')).toMatch(/--max-wait <seconds> .*\(default: "300", env: FBTOK_MAX_WAIT\)/);
  });

  it('an estimate within it is sat out: one plain warning line without a terminal, then success', async () => {
    fx.emu.resetRequests();
    fx.emu.injectFault({ match: '/debug_token', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 0.02 }); // 1.2 s
    const r = await fx.cli(['debug-token']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: Facebook rate-limited fbtok; waiting 2s \(its estimate\) before one more try\.$/m);
    expect(r.stderr).not.toContain('\r');
    expect(fx.emu.requestCount('/debug_token')).toBe(2);
  });

  it('an estimate beyond it is exit 5 at once, saying how long to wait', async () => {
    fx.emu.resetRequests();
    fx.emu.injectFault({ match: '/debug_token', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 10 });
    const r = await fx.cli(['debug-token']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/wait about 10m before trying again \(Facebook's estimate, longer than --max-wait 5m\)/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fx.emu.requestCount('/debug_token')).toBe(1);
  });

  it('a limit marked transient without an estimate is retried once after a short backoff', async () => {
    fx.emu.resetRequests();
    fx.emu.injectFault({ match: '/debug_token', kind: 'rate-limit', code: 4 });
    const r = await fx.cli(['debug-token', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).valid).toBe(true);
    expect(fx.emu.requestCount('/debug_token')).toBe(2);
  });

  it('on a terminal the wait is a countdown on one rewritten line, cleared at the end', async () => {
    fx.emu.resetRequests();
    fx.emu.injectFault({ match: '/debug_token', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 0.05 }); // 3 s
    const r = await onTerminal(['debug-token'], fx.env);
    expect(r.code, r.output).toBe(0);
    for (const left of ['3s', '2s', '1s']) expect(r.output).toContain(`\rFacebook rate-limited fbtok; waiting ${left} (its estimate) before one more try. (Ctrl-C stops)\x1b[K`);
    expect(r.output).toContain('\r\x1b[K');
    expect(r.output).not.toContain('warning: Facebook rate-limited');
    expect(fx.emu.requestCount('/debug_token')).toBe(2);
  });

  it('on a terminal with --json (or NO_COLOR, or CI) there is no countdown', async () => {
    for (const [args, env] of [[['debug-token', '--json'], {}], [['debug-token'], { NO_COLOR: '1' }], [['debug-token'], { CI: 'true' }]] as const) {
      fx.emu.injectFault({ match: '/debug_token', kind: 'rate-limit', code: 80001, estimatedTimeToRegainAccess: 0.02 });
      const r = await onTerminal([...args], { ...fx.env, ...env });
      expect(r.code, r.output).toBe(0);
      expect(r.output).not.toContain('(Ctrl-C stops)');
      expect(r.output).toMatch(/waiting 2s \(its estimate\) before one more try\./);
    }
  });
});
