// The patterns, tightened on both sides: what must be found, and a corpus of look-alikes that must not be.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { findSecrets } from '../../src/scan/find-secrets.js';
import { parseTokenText } from '../../src/tokens/token-input.js';
import { redact } from '../../src/util/redact.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n = 150) => 'EAA' + [...randomBytes(n)].map((b) => BASE62[b % 62]).join('');
const hex32 = () => randomBytes(16).toString('hex');
/** A base64 body that starts with EAA after some prefix: no `+` or `/` in it, as the unlucky ones are. */
const base64Run = (n: number) => [...randomBytes(n)].map((b) => BASE62[b % 62]).join('');

describe('scan patterns: found', () => {
  it.each([
    ['after a slash in a URL path', (t: string) => `fetch("https://hooks.example.com/relay/${t}")`],
    ['after a slash in a path', (t: string) => `tokens/${t}`],
    ['after a dash', (t: string) => `token-${t}`],
    ['in a query string', (t: string) => `?access_token=${t}&x=1`],
    ['quoted in JSON', (t: string) => `{"token":"${t}"}`],
    ['after an underscore', (t: string) => `PAGE_TOKEN_${t}`],
  ])('a token %s', (_label, shape) => {
    const t = token();
    expect(findSecrets(shape(t)).map((f) => f.secret)).toEqual([t]);
  });

  it('app secrets named for Facebook, bare or behind a framework prefix', () => {
    for (const name of ['CLIENT_SECRET', 'FB_CLIENT_SECRET', 'NEXT_PUBLIC_FB_CLIENT_SECRET', 'META_APP_SECRET', 'client_secret', 'facebookClientSecret']) {
      const secret = hex32();
      expect(findSecrets(`${name}=${secret}`).map((f) => f.secret), name).toEqual([secret]);
    }
  });

  it('app tokens with a 12- to 20-digit app id', () => {
    for (const id of ['123456789012', '1000000000001', '123456789012345', '1234567890123456']) {
      const secret = hex32();
      expect(findSecrets(`t=${id}|${secret}`).map((f) => f.secret)).toEqual([`${id}|${secret}`]);
    }
  });
});

describe('scan patterns: the false-positive corpus', () => {
  const corpus: Array<[string, () => string]> = [
    ['a package-lock integrity hash starting with EAA', () => `"integrity": "sha512-EAA${base64Run(83)}=="`],
    ['an integrity hash with EAA after a slash', () => `"integrity": "sha512-${base64Run(40)}/EAA${base64Run(40)}=="`],
    ['an unpadded sha384 hash with EAA after a slash', () => `integrity="sha384-${base64Run(30)}/EAA${base64Run(30)}"`],
    ['base64 with EAA after a plus', () => `key: ${base64Run(30)}+EAA${base64Run(40)}`],
    ['base64 with EAA before padding', () => `data:image/png;base64,${base64Run(10)}/EAA${base64Run(40)}=`],
    ['another vendor\'s client secret', () => `SPOTIFY_CLIENT_SECRET=${hex32()}`],
    ['another vendor\'s client secret (lower case, quoted)', () => `github_client_secret: "${hex32()}"`],
    ['another vendor\'s client secret (camel case)', () => `twitchClientSecret = '${hex32()}'`],
    ['an 11-digit number and 32 hex', () => `cache_key = "12345678901|${hex32()}"`],
    ['a 10-digit timestamp and an MD5', () => `1700000000|${hex32()}`],
    ['a token cut short with ...', () => `PAGE_ACCESS_TOKEN=${token(40)}...`],
    ['a token cut short with an ellipsis', () => `Your token looks like ${token(30)}… (truncated)`],
    ['a token glued to more letters on the left', () => `xEAA${base64Run(40)}`],
  ];
  it.each(corpus)('%s is not reported', (_label, make) => {
    for (let i = 0; i < 20; i++) {
      const text = make();
      expect(findSecrets(text), text).toEqual([]);
    }
  });
});

describe('one token alphabet: scan, token input and redaction agree', () => {
  it('a match runs to the end of what token input accepts, and redaction hides all of it', () => {
    const t = token();
    for (const after of ['-tail', '_tail', '.tail', '"', ' ', '\n', '&x=1']) {
      const [found] = findSecrets(`T=${t}${after}`);
      expect(found.secret).toBe(t);
      expect(parseTokenText(found.secret, 'x', 'y')).toBe(t);
      expect(redact(`T=${t}${after}`)).not.toMatch(/EAA[A-Za-z0-9]/);
    }
  });

  it('what token input refuses as a token character, scan does not take into a match', () => {
    for (const c of ['-', '_', '.', '=', '+', '/', '%']) {
      expect(() => parseTokenText(`${token(40)}${c}abc`, 'x', 'y')).toThrow(/not an access token/);
    }
    expect(parseTokenText(`123456789012345|${hex32()}`, 'x', 'y')).toMatch(/^\d+\|/);
  });
});
