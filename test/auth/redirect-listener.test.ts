import { afterEach, describe, expect, it } from 'vitest';
import { startRedirectListener, type RedirectListener, type RedirectListenerOptions } from '../../src/auth/redirect-listener.js';
import { CancelledError, ExitCode, FbtokError } from '../../src/errors.js';
import { canBind, httpGet, isPending, rawExchange, stalledClient, within } from './listener-helpers.js';

const STATE = 'expected-state-0123456789abcdefghijklmnop';
let open: RedirectListener[] = [];

async function listen(extra: Partial<RedirectListenerOptions> = {}): Promise<RedirectListener> {
  const listener = await startRedirectListener({ port: 0, path: '/callback', expectedState: STATE, timeoutMs: 20_000, ...extra });
  open.push(listener);
  return listener;
}

const callback = (query: string) => `/callback?${query}`;

afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

describe('redirect listener', () => {
  it('takes the first valid callback, shows a small page and frees the port', async () => {
    const l = await listen();
    const answer = await httpGet(l.port, callback(`code=the-code&state=${STATE}`));
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('return to the terminal');
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'the-code' });
    expect(await canBind(l.port)).toBe(true);
  });

  it('refuses a forged or missing state and keeps waiting for the real callback', async () => {
    const l = await listen();
    for (const query of ['code=evil&state=forged', 'code=evil', `code=evil&state=${STATE}x`]) {
      const answer = await httpGet(l.port, callback(query));
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('state');
      expect(answer.body).not.toContain('evil');
    }
    expect(await isPending(l.result)).toBe(true);
    await httpGet(l.port, callback(`state=${STATE}&code=real`));
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'real' });
  });

  it('answers 404 to any other path (favicon) and 405 to other methods, changing nothing', async () => {
    const l = await listen();
    expect((await httpGet(l.port, '/favicon.ico')).status).toBe(404);
    expect((await httpGet(l.port, `/callbackx?code=c&state=${STATE}`)).status).toBe(404);
    const post = await httpGet(l.port, callback(`code=c&state=${STATE}`), 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    expect(await isPending(l.result)).toBe(true);
  });

  it('answers HEAD without a body and without consuming the callback', async () => {
    const l = await listen();
    const head = await httpGet(l.port, callback(`code=c&state=${STATE}`), 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(await isPending(l.result)).toBe(true);
    await httpGet(l.port, callback(`code=c2&state=${STATE}`));
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'c2' });
  });

  it('ends with a denial on error= callbacks, escaping what it shows', async () => {
    const l = await listen();
    const answer = await httpGet(
      l.port,
      callback(`error=access_denied&error_reason=user_denied&error_description=${encodeURIComponent('<script>alert(1)</script>')}&state=${STATE}`),
    );
    expect(answer.body).not.toContain('<script>alert');
    expect(answer.body).toContain('&lt;script&gt;');
    await expect(l.result).resolves.toMatchObject({ kind: 'denied', error: 'access_denied', reason: 'user_denied' });
  });

  it('does not let a forged denial end the login', async () => {
    const l = await listen();
    expect((await httpGet(l.port, callback('error=access_denied&state=nope'))).status).toBe(400);
    expect(await isPending(l.result)).toBe(true);
  });

  it('survives oversize and malformed requests written on raw sockets', async () => {
    const l = await listen();
    const huge = await rawExchange(l.port, `GET /callback?state=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431/);
    const garbage = await rawExchange(l.port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    const absolute = await rawExchange(l.port, `GET http://evil/callback?code=c&state=${STATE} HTTP/1.1\r\nHost: 127.0.0.1:${l.port}\r\n\r\n`);
    expect(absolute).toMatch(/^HTTP\/1\.1 404/);
    expect(await isPending(l.result)).toBe(true);
    await httpGet(l.port, callback(`code=ok&state=${STATE}`));
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'ok' });
  });

  it('accepts exactly one of two simultaneous callbacks', async () => {
    const l = await listen();
    const request = `GET /callback?code=CODE&state=${STATE} HTTP/1.1\r\nHost: localhost:${l.port}\r\n\r\n`;
    const answers = await Promise.all([rawExchange(l.port, request.replace('CODE', 'one')), rawExchange(l.port, request.replace('CODE', 'two'))]);
    const accepted = answers.filter((a) => a.startsWith('HTTP/1.1 200'));
    expect(accepted).toHaveLength(1);
    for (const other of answers.filter((a) => !a.startsWith('HTTP/1.1 200'))) expect(other === '' || other.startsWith('HTTP/1.1 409')).toBe(true);
    const result = await l.result;
    expect(['one', 'two']).toContain(result.kind === 'code' ? result.code : '');
  });

  it('drops a slow client that never finishes its headers, and still serves the real callback', async () => {
    const l = await listen({ socketTimeoutMs: 300 });
    const slow = await stalledClient(l.port);
    await within(slow.closed, 3000, 'slow client dropped');
    const slow2 = await stalledClient(l.port);
    await httpGet(l.port, callback(`code=ok&state=${STATE}`));
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'ok' });
    // Closing after the callback cuts lingering sockets instead of waiting for them.
    await within(slow2.closed, 1000, 'lingering socket cut on close');
    expect(await canBind(l.port)).toBe(true);
  });

  it('times out with the error the caller chose and frees the port', async () => {
    const l = await listen({ timeoutMs: 150, timeoutError: (ms) => new FbtokError(`waited ${ms}`, { code: 'T', exitCode: ExitCode.usage }) });
    await expect(within(l.result, 3000, 'timeout')).rejects.toThrow('waited 150');
    expect(await canBind(l.port)).toBe(true);
  });

  it('stops on abort (Ctrl-C) with CancelledError, and the same port binds again', async () => {
    const controller = new AbortController();
    const l = await listen({ signal: controller.signal });
    const slow = await stalledClient(l.port);
    controller.abort();
    await expect(l.result).rejects.toBeInstanceOf(CancelledError);
    await within(slow.closed, 1000, 'sockets cut on abort');
    expect(await canBind(l.port)).toBe(true);
    const again = await listen({ port: l.port });
    expect(again.port).toBe(l.port);
  });

  it('names --port when the port is in use (exit 2)', async () => {
    const l = await listen();
    const error = await startRedirectListener({ port: l.port, path: '/callback', expectedState: STATE, timeoutMs: 1000 }).catch((e) => e);
    expect(error).toBeInstanceOf(FbtokError);
    expect(error.exitCode).toBe(ExitCode.usage);
    expect(error.remedy).toContain('--port');
  });
});

describe('redirect listener: the Host header (DNS rebinding)', () => {
  const withHost = (port: number, host: string, query: string) => rawExchange(port, `GET /callback?${query} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);

  it('a valid callback whose Host is attacker.example is 421 and changes nothing', async () => {
    const l = await listen();
    for (const host of ['attacker.example', `attacker.example:${l.port}`, '127.0.0.1', `localhost:${l.port + 1}`, `127.0.0.1.attacker.example:${l.port}`, '']) {
      const answer = await withHost(l.port, host, `code=stolen&state=${STATE}`);
      expect(answer, host).toMatch(/^HTTP\/1\.1 (421|400) /);
      expect(answer).not.toContain('stolen');
    }
    const head = await rawExchange(l.port, `HEAD /callback HTTP/1.1\r\nHost: attacker.example\r\n\r\n`);
    expect(head).toMatch(/^HTTP\/1\.1 421 /);
    expect(await isPending(l.result)).toBe(true);
    // The real callback (the browser names the redirect URI's host and port) still ends the login.
    expect(await withHost(l.port, `LOCALHOST:${l.port}`, `code=real&state=${STATE}`)).toMatch(/^HTTP\/1\.1 200 /);
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'real' });
  });

  it('127.0.0.1 with the port is accepted, and a forwarder\'s host only when named', async () => {
    const l = await listen({ extraHosts: ['fwd.example'] });
    expect(await withHost(l.port, 'other.example', `code=x&state=${STATE}`)).toMatch(/^HTTP\/1\.1 421 /);
    expect(await withHost(l.port, 'fwd.example', `code=fwd&state=${STATE}`)).toMatch(/^HTTP\/1\.1 200 /);
    await expect(l.result).resolves.toEqual({ kind: 'code', code: 'fwd' });
    const l2 = await listen();
    expect((await httpGet(l2.port, callback(`code=ip&state=${STATE}`))).status).toBe(200);
    await expect(l2.result).resolves.toEqual({ kind: 'code', code: 'ip' });
  });
});
