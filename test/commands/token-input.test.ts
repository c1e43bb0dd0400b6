// Token input from stdin and FBTOK_ACCESS_TOKEN through the real CLI: prefixes stripped, anything that cannot
// be a token refused with exit 2 before a single request, and the refused text never echoed.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

describe('token input', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('200 kB of base64 garbage on stdin is exit 2 (read only up to 8 KB) with no request and no echo, wrapped in lines or not', async () => {
    f = await setUp();
    const garbage = randomBytes(150_000).toString('base64');
    const wrapped = garbage.replace(/.{76}/g, '$&\n');
    for (const input of [garbage, wrapped]) {
      const r = await f.cli(['debug-token', '--token-stdin'], { input });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('not an access token');
      // Read no further than 8 KB: the rest is never taken in.
      expect(r.stderr).toMatch(/it is over 8 KB, and tokens are at most 4096 characters/);
      expect(r.stderr).toContain('--token-stdin');
      expect(r.stderr).not.toContain(garbage.slice(0, 16));
      expect(r.stdout).toBe('');
    }
    expect(f.emu.requestCount()).toBe(0);
  });

  it.each([
    ['a quote', (t: string) => `"${t}"`],
    ['a space inside', (t: string) => `${t.slice(0, 10)} ${t.slice(10)}`],
    ['JSON', (t: string) => JSON.stringify({ access_token: t })],
    ['two lines', (t: string) => `${t}\n${t}\n`],
    ['nothing after the prefix', () => 'access_token=\n'],
  ])('%s on stdin is exit 2 before any request, without quoting the input', async (_label, shape) => {
    f = await setUp();
    const token = f.emu.issueUserToken({ lifetime: 'long' });
    const r = await f.cli(['debug-token', '--token-stdin'], { input: shape(token) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^error: The token on stdin is not an access token: /m);
    expectNoSecrets(r, [token, token.slice(0, 12), token.slice(-12)]);
    expect(f.emu.requestCount()).toBe(0);
  });

  it.each([
    ['Bearer', (t: string) => `Bearer ${t}\n`],
    ['bearer and blank lines', (t: string) => `\n  bearer   ${t}  \r\n\n`],
    ['access_token=', (t: string) => `access_token=${t}`],
    ['a pasted query string', (t: string) => `access_token=${t}&token_type=bearer&expires_in=5183999\n`],
  ])('%s: the prefix is dropped and the bare token checked', async (_label, shape) => {
    f = await setUp();
    const token = f.emu.issueUserToken({ lifetime: 'long' });
    const view = await f.json(['debug-token', '--token-stdin'], { input: shape(token) });
    expect(view).toMatchObject({ valid: true, type: 'USER' });
    expect(f.emu.requests.filter((q) => q.path === '/debug_token').map((q) => q.form.input_token)).toEqual([token]);
  });

  it('an app token (id|secret) passes the local check', async () => {
    f = await setUp();
    const view = await f.json(['debug-token', '--token-stdin'], { input: `${f.emu.appId}|${f.emu.appSecret}\n` });
    expect(view).toMatchObject({ valid: true, type: 'APP' });
  });

  it('FBTOK_ACCESS_TOKEN: a Bearer prefix is dropped; a malformed value is exit 2 naming the variable, with no request', async () => {
    f = await setUp();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    const ok = await f.json(['exchange-long-lived'], { env: { FBTOK_ACCESS_TOKEN: `Bearer ${short}\n` } });
    expect(ok.obtainedVia).toBe('exchange');
    f.emu.resetRequests();
    const bad = await f.cli(['exchange-long-lived'], { env: { FBTOK_ACCESS_TOKEN: `${short};${'x'.repeat(5000)}` } });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/^error: FBTOK_ACCESS_TOKEN is not an access token: /m);
    expect(bad.stderr).toContain('unset it');
    expectNoSecrets(bad, [short]);
    const odd = await f.cli(['exchange-long-lived'], { env: { FBTOK_ACCESS_TOKEN: `${short}<` } });
    expect(odd.code, odd.stderr).toBe(2);
    expect(odd.stderr).toContain(`character ${short.length + 1}`);
    expect(f.emu.requestCount()).toBe(0);
  });
});
