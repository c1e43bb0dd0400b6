import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CLI, runCli } from '../helpers/run-cli.js';

describe('fbtok emulator', () => {
  it('serves the Graph API until Ctrl-C, then frees its port and exits 130', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--json', '--pages', '2'], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    const info = await new Promise<{ url: string; appId: string; appSecret: string }>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        try {
          resolve(JSON.parse(stdout));
        } catch {
          // not complete yet
        }
      });
      child.once('exit', () => reject(new Error(`emulator exited early: ${stdout}`)));
    });
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${info.url}/v26.0/debug_token?input_token=x&access_token=${info.appId}|${info.appSecret}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { is_valid: boolean } }).data.is_valid).toBe(false);

    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    await expect(fetch(`${info.url}/v26.0/me`)).rejects.toThrow();
  });

  it('rejects a bad --dialog with exit 2', async () => {
    const child = spawn(process.execPath, [CLI, 'emulator', '--dialog', 'maybe'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('auto, page or deny');
  });

  it('a port in use: exit 2 naming it, with a remedy, no stack', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const r = await runCli(['emulator', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`Port ${port} on 127.0.0.1 is in use by another program.`);
      expect(r.stderr).toContain('--port');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  });
});
