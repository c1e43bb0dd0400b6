import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { challengeFor, createPkce } from '../../src/auth/pkce.js';
import { createState, stateMatches } from '../../src/auth/state.js';
import { buildLoginUrl } from '../../src/auth/login-url.js';
import { interpretCallback } from '../../src/auth/callback-result.js';

describe('PKCE', () => {
  it('matches the RFC 7636 appendix B test vector', () => {
    expect(challengeFor('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes 43-character verifiers from 32 random bytes, each with its own S256 challenge', () => {
    const vectorBytes = Buffer.from([
      116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88,
      83, 132, 141, 121,
    ]);
    const fixed = createPkce(() => vectorBytes);
    expect(fixed).toEqual({
      verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
      challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      method: 'S256',
    });
    const a = createPkce();
    const b = createPkce();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).not.toContain('=');
  });

  it('refuses verifiers RFC 7636 does not allow', () => {
    expect(() => challengeFor('short')).toThrow(/43-128/);
    expect(() => challengeFor('a'.repeat(42) + '!')).toThrow();
    expect(() => challengeFor('a'.repeat(129))).toThrow();
  });
});

describe('state', () => {
  it('carries at least 128 bits and never repeats', () => {
    const states = new Set(Array.from({ length: 200 }, () => createState()));
    expect(states.size).toBe(200);
    for (const s of states) expect(Buffer.from(s, 'base64url').length).toBeGreaterThanOrEqual(16);
  });

  it('matches only the exact value', () => {
    const s = createState();
    expect(stateMatches(s, s)).toBe(true);
    fc.assert(fc.property(fc.string(), (other) => stateMatches(s, other) === (other === s)));
    expect(stateMatches(s, null)).toBe(false);
    expect(stateMatches('', '')).toBe(false);
  });
});

describe('login URL', () => {
  it('carries every dialog parameter', () => {
    const url = new URL(
      buildLoginUrl({
        wwwUrl: 'http://127.0.0.1:9/',
        graphVersion: 'v26.0',
        appId: '123',
        redirectUri: 'http://localhost:8765/callback',
        state: 'st',
        scopes: ['pages_show_list', 'pages_messaging'],
        pkce: { challenge: 'ch', method: 'S256' },
        authType: 'rerequest',
        configId: '42',
      }),
    );
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/v26.0/dialog/oauth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: '123',
      redirect_uri: 'http://localhost:8765/callback',
      state: 'st',
      response_type: 'code',
      scope: 'pages_show_list,pages_messaging',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
      auth_type: 'rerequest',
      config_id: '42',
    });
  });

  it('leaves PKCE, auth_type and config_id out when not asked for', () => {
    const url = new URL(buildLoginUrl({ wwwUrl: 'https://www.facebook.com', graphVersion: 'v25.0', appId: '1', redirectUri: 'https://x/cb', state: 's', scopes: [] }));
    expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'redirect_uri', 'response_type', 'state']);
  });
});

describe('callback interpretation', () => {
  const q = (s: string) => new URLSearchParams(s);
  it('reads codes, denials, and refuses foreign state first', () => {
    expect(interpretCallback(q('code=c&state=s'), 's')).toEqual({ kind: 'code', code: 'c' });
    expect(interpretCallback(q('error=access_denied&error_reason=user_denied&error_description=Permissions+error&state=s'), 's')).toEqual({
      kind: 'denied',
      error: 'access_denied',
      reason: 'user_denied',
      description: 'Permissions error',
    });
    expect(interpretCallback(q('error=access_denied&state=t'), 's')).toEqual({ kind: 'bad-state' });
    expect(interpretCallback(q('code=c'), 's')).toEqual({ kind: 'bad-state' });
    expect(interpretCallback(q('state=s'), 's')).toEqual({ kind: 'incomplete' });
  });
});
