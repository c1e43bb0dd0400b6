import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTED, redact, registerSecret } from '../../src/util/redact.js';

const TOKEN = 'EAAGm0PX4ZCpsBAKZBZCcanary0123456789abcdef';

describe('redact', () => {
  it.each([
    ['query', `https://graph.facebook.com/v26.0/me?access_token=${TOKEN}&fields=id`, 'fields=id'],
    ['form', `client_id=42&client_secret=abcdef0123456789&code=AQBx_yz-123`, 'client_id=42'],
    ['JSON', `{"access_token":"${TOKEN}","token_type":"bearer"}`, '"token_type":"bearer"'],
    ['JSON with spaces', `{ "access_token": "s3cr3t-value-1", "expires_in": 5183999 }`, '"expires_in": 5183999'],
    ['JS dump', `{ fb_exchange_token: 'x', 'input_token': 'short-but-secret' }`, 'fb_exchange_token'],
    ['encoded in a URL', `next=https%3A%2F%2Fx%3Faccess_token%3Dabc123secret%26limit%3D1`, 'next='],
    ['proof', `appsecret_proof=0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e`, 'appsecret_proof='],
    ['auth header', `Authorization: Bearer ${TOKEN}`, 'Authorization: Bearer'],
    ['app token', `token 1234567890|0123456789abcdef0123456789abcdef here`, '1234567890|'],
    ['encoded app token', `access=1234567890%7C0123456789abcdef0123456789abcdef`, '1234567890%7C'],
    ['bare EAA token', `got ${TOKEN} back`, 'got '],
    ['code verifier', `code_verifier=abc.def~ghi_jkl-0123456789012345678901234567890`, 'code_verifier='],
  ])('%s', (_name, input, kept) => {
    const out = redact(input);
    expect(out).toContain(REDACTED);
    expect(out).toContain(kept);
    for (const secret of [TOKEN, 'abcdef0123456789', 'AQBx_yz-123', 's3cr3t-value-1', 'short-but-secret', 'abc123secret', '0f9e8d7c6b5a', '0123456789abcdef0123456789abcdef', 'abc.def~ghi']) {
      expect(out).not.toContain(secret);
    }
  });

  it('leaves harmless text alone', () => {
    const text = 'GET /v26.0/me/accounts?fields=id,name&limit=100 200 12ms; error_code=200 error_reason=user_denied; {"code": 190}';
    expect(redact(text)).toBe(text);
  });

  it('replaces registered secrets wherever they appear, and ignores short ones', () => {
    registerSecret('plain-secret-value-42');
    registerSecret('short');
    expect(redact('the secret is plain-secret-value-42.')).toBe(`the secret is ${REDACTED}.`);
    expect(redact('short stays')).toBe('short stays');
  });

  it('property: a secret parameter value never survives, whatever surrounds it', () => {
    const name = fc.constantFrom('access_token', 'client_secret', 'code', 'appsecret_proof', 'input_token', 'fb_exchange_token');
    const value = fc.stringMatching(/^[A-Za-z0-9_.~-]{12,60}$/);
    const filler = fc.stringMatching(/^[a-z ]{0,20}$/);
    fc.assert(
      fc.property(name, value, filler, filler, fc.constantFrom('?', '&', ' ', '"'), (n, v, before, after, sep) => {
        const input = sep === '"' ? `${before}{"${n}":"${v}"}${after}` : `${before}${sep}${n}=${v}&x=1 ${after}`;
        expect(redact(input)).not.toContain(v);
      }),
    );
  });

  it('property: EAA tokens never survive', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^EAA[A-Za-z0-9]{20,80}$/), fc.string({ maxLength: 20 }), (token, text) => {
        expect(redact(`${text} ${token} ${text}`)).not.toContain(token);
      }),
    );
  });
});
