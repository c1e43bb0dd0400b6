import { describe, expect, it } from 'vitest';
import { PassThrough, Readable } from 'node:stream';
import { parsePastedCallback, readOneLine } from '../../src/auth/manual-flow.js';
import { LoginDeniedError, StateMismatchError } from '../../src/auth/login-errors.js';
import { parseLoginFlags } from '../../src/commands/login.js';
import { CancelledError, UsageError } from '../../src/errors.js';

const STATE = 'state-abcdefghijklmnopqrstuvwxyz';

describe('pasted callback', () => {
  it('takes the code from a full URL with the right state (fragment and all)', () => {
    expect(parsePastedCallback(`  https://bot.example.com/cb?code=AQabc&state=${STATE}#_=_ \n`, STATE)).toEqual({ code: 'AQabc', stateChecked: true });
    expect(parsePastedCallback(`?code=AQabc&state=${STATE}`, STATE)).toEqual({ code: 'AQabc', stateChecked: true });
  });

  it('takes a bare code (with Facebook\'s #_=_) as unchecked', () => {
    expect(parsePastedCallback('AQabc-_.123#_=_', STATE)).toEqual({ code: 'AQabc-_.123', stateChecked: false });
  });

  it('refuses a foreign state, reports a denial, and rejects noise without echoing it', () => {
    expect(() => parsePastedCallback('https://x/cb?code=AQsecret&state=other', STATE)).toThrow(StateMismatchError);
    expect(() => parsePastedCallback(`https://x/cb?error=access_denied&error_reason=user_denied&state=${STATE}`, STATE)).toThrow(LoginDeniedError);
    for (const noise of ['', '   ', 'not a code!', `https://x/cb?state=${STATE}`]) {
      const error = (() => {
        try {
          parsePastedCallback(noise, STATE);
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error).toBeInstanceOf(UsageError);
      if (noise.trim()) expect(error!.message).not.toContain(noise.trim());
    }
  });
});

describe('reading one pasted line', () => {
  it('returns the first line of a pipe', async () => {
    expect(await readOneLine(Readable.from(['https://x/cb?co', 'de=1\nsecond line\n']), new AbortController().signal)).toBe('https://x/cb?code=1');
  });

  it('fails with a usage error when stdin ends first, and with CancelledError on abort', async () => {
    await expect(readOneLine(Readable.from([]), new AbortController().signal)).rejects.toBeInstanceOf(UsageError);
    const controller = new AbortController();
    const pending = readOneLine(new PassThrough(), controller.signal);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('login flags', () => {
  it('defaults to the browser flow with PKCE, a 5-minute wait and the profile port', () => {
    expect(parseLoginFlags({ browser: true, pkce: true })).toEqual({
      scopes: undefined,
      mode: 'browser',
      openBrowser: true,
      port: undefined,
      redirectUri: undefined,
      pkce: true,
      authType: undefined,
      configId: undefined,
      waitMs: 300_000,
      pages: false,
    });
  });

  it('reads every flag', () => {
    const opts = parseLoginFlags({ scopes: 'a, b', manual: true, browser: false, port: '9000', redirectUri: 'https://x/cb', pkce: false, authType: 'rerequest', configId: '77', wait: '90s', pages: true });
    expect(opts).toMatchObject({ scopes: ['a', 'b'], mode: 'manual', openBrowser: false, port: 9000, redirectUri: 'https://x/cb', pkce: false, authType: 'rerequest', configId: '77', waitMs: 90_000, pages: true });
    expect(parseLoginFlags({ device: true }).mode).toBe('device');
  });

  it('refuses bad combinations and values with usage errors', () => {
    for (const flags of [{ device: true, manual: true }, { port: '0' }, { port: 'http' }, { authType: 'again' }, { redirectUri: 'not a uri' }, { wait: 'soon' }, { configId: 'abc' }]) {
      expect(() => parseLoginFlags(flags), JSON.stringify(flags)).toThrow(UsageError);
    }
  });
});
