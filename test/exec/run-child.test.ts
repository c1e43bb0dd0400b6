import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runChild } from '../../src/exec/run-child.js';
import type { ForwardedSignal, OnSignals } from '../../src/exec/process-signals.js';
import { FbtokError } from '../../src/errors.js';

/** A fake signal source: `send` plays the part of the OS; it fails the test when never subscribed or left subscribed. */
function fakeSignals() {
  let handler: ((s: ForwardedSignal) => void) | undefined;
  let subscribed = 0;
  let unsubscribed = 0;
  const onSignals: OnSignals = (h) => {
    handler = h;
    subscribed++;
    return () => {
      handler = undefined;
      unsubscribed++;
    };
  };
  return {
    onSignals,
    send(signal: ForwardedSignal) {
      if (!handler) throw new Error('no signal handler subscribed');
      handler(signal);
    },
    verify() {
      expect(subscribed).toBe(1);
      expect(unsubscribed).toBe(1);
    },
  };
}

function collect(stream: PassThrough): () => string {
  let data = '';
  stream.on('data', (d: Buffer) => (data += d.toString()));
  return () => data;
}

const node = process.execPath;

describe('runChild', () => {
  it('passes the environment and returns the exit code', async () => {
    const signals = fakeSignals();
    const stdout = new PassThrough();
    const out = collect(stdout);
    const code = await runChild({
      command: node,
      args: ['-e', 'process.stdout.write(process.env.FBTOK_T); process.exit(7)'],
      env: { FBTOK_T: 'value-1' },
      mask: { secrets: [], stdout, stderr: new PassThrough() },
      onSignals: signals.onSignals,
    });
    expect(code).toBe(7);
    expect(out()).toBe('value-1');
    signals.verify();
  });

  it('on Windows passes no signal on: the console already gave the child its Ctrl-C, and kill() would terminate it', async () => {
    const signals = fakeSignals();
    const stdout = new PassThrough();
    const flag = join(mkdtempSync(join(tmpdir(), 'fbtok-win-')), 'go');
    stdout.on('data', (d: Buffer) => {
      if (!d.toString().includes('ready')) return;
      signals.send('SIGINT');
      writeFileSync(flag, ''); // after the signal: the child then ends on its own, with its own code
    });
    const code = await runChild({
      command: node,
      args: ['-e', `process.stdout.write('ready'); const t = setInterval(() => { if (require('fs').existsSync(${JSON.stringify(flag)})) { clearInterval(t); process.exit(5); } }, 20);`],
      env: {},
      mask: { secrets: [], stdout, stderr: new PassThrough() },
      onSignals: signals.onSignals,
      platform: 'win32',
    });
    expect(code).toBe(5);
    signals.verify();
    rmSync(dirname(flag), { recursive: true, force: true });
  });

  it('forwards a signal; a child that traps it decides the exit code', async () => {
    const signals = fakeSignals();
    const stdout = new PassThrough();
    stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) signals.send('SIGTERM');
    });
    const out = collect(stdout);
    const code = await runChild({
      command: node,
      args: ['-e', "process.on('SIGTERM', () => { process.stdout.write('got TERM'); process.exit(42); }); process.stdout.write('ready'); setTimeout(() => process.exit(99), 10000);"],
      env: {},
      mask: { secrets: [], stdout, stderr: new PassThrough() },
      onSignals: signals.onSignals,
    });
    expect(code).toBe(42);
    expect(out()).toContain('got TERM');
    signals.verify();
  });

  it('returns 128 + the signal number when the child dies of a signal', async () => {
    const signals = fakeSignals();
    const stdout = new PassThrough();
    stdout.on('data', () => signals.send('SIGHUP'));
    const code = await runChild({
      command: node,
      args: ['-e', "process.stdout.write('ready'); setTimeout(() => process.exit(99), 10000);"],
      env: {},
      mask: { secrets: [], stdout, stderr: new PassThrough() },
      onSignals: signals.onSignals,
    });
    expect(code).toBe(129);
    signals.verify();
  });

  it('a missing program is exit 127 with a one-line error', async () => {
    const signals = fakeSignals();
    const error = await runChild({ command: 'fbtok-no-such-program', args: [], env: { PATH: '/nonexistent' }, onSignals: signals.onSignals }).catch((e) => e);
    expect(error).toBeInstanceOf(FbtokError);
    expect(error.exitCode).toBe(127);
    expect(error.message).toBe('Command not found: fbtok-no-such-program');
    signals.verify();
  });

  it('with a mask, the secrets never reach the output, split or not', async () => {
    const signals = fakeSignals();
    const [stdout, stderr] = [new PassThrough(), new PassThrough()];
    const [out, err] = [collect(stdout), collect(stderr)];
    const secret = 'EAAmaskedSecretValue0987654321';
    const code = await runChild({
      command: node,
      args: ['-e', 'const s = process.env.S; process.stdout.write(s.slice(0, 9)); setImmediate(() => { process.stdout.write(s.slice(9) + "!"); console.error("e:" + s); });'],
      env: { S: secret },
      mask: { secrets: [secret], stdout, stderr },
      onSignals: signals.onSignals,
    });
    expect(code).toBe(0);
    expect(out()).toBe('<redacted>!');
    expect(err()).toBe('e:<redacted>\n');
  });
});
