import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { findSecrets, looksLikePlaceholder, mayContainSecret } from '../../src/scan/find-secrets.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n = 150) => 'EAA' + [...randomBytes(n)].map((b) => BASE62[b % 62]).join('');
const hex32 = () => randomBytes(16).toString('hex');

describe('findSecrets', () => {
  it('finds an access token with its line and column', () => {
    const t = token();
    const found = findSecrets(`const a = 1;\nconst PAGE_TOKEN = "${t}";\n`);
    expect(found).toEqual([{ kind: 'access-token', secret: t, index: 33, line: 2, column: 21 }]);
  });

  it('finds app tokens with their app id', () => {
    const secret = hex32();
    const found = findSecrets(`curl "https://graph.facebook.com/debug_token?access_token=123456789012345|${secret}"`);
    expect(found).toMatchObject([{ kind: 'app-token', secret: `123456789012345|${secret}`, appId: '123456789012345' }]);
  });

  it('finds app secrets by name in several languages, with a nearby app id', () => {
    const s = hex32();
    const cases = [
      `APP_SECRET=${s}`,
      `FACEBOOK_APP_SECRET="${s}"`,
      `  "app_secret": "${s}",`,
      `const appSecret = '${s}';`,
      `client_secret: ${s}`,
      `FB_SECRET=${s}`,
      `'app_secret' => '${s}',`,
      `https://graph.facebook.com/oauth/access_token?client_id=1&client_secret=${s}&code=x`,
    ];
    for (const line of cases) expect(findSecrets(line), line).toMatchObject([{ kind: 'app-secret', secret: s }]);
    const withId = findSecrets(`FB_APP_ID=123456789012345\nFB_APP_SECRET=${s}\n`);
    expect(withId).toMatchObject([{ kind: 'app-secret', appId: '123456789012345', line: 2 }]);
  });

  it('finds a loosely named secret only next to an app id', () => {
    const s = hex32();
    expect(findSecrets(`secret: "${s}"`)).toEqual([]);
    expect(findSecrets(`facebook:\n  app_id: "123456789012345"\n  secret: "${s}"\n`)).toMatchObject([{ kind: 'app-secret', appId: '123456789012345', line: 3 }]);
    expect(findSecrets(`app_id = 123456789012345\n${'\n'.repeat(10)}secret = "${s}"`)).toEqual([]);
    expect(findSecrets(`app_id = 123456789012345\nwebhook_secret = "${s}"`)).toEqual([]);
  });

  it('does not report hashes in unrelated places', () => {
    const h = hex32();
    const text = [
      `"integrity": "sha512-abc+EAA${token(40).slice(3)}/xyz=="`,
      `commit ${h}`,
      `md5 = "${h}"`,
      `etag: ${h}`,
      `id|${h}`,
      `const x = a || b; // ${h}`,
      `12345|${h}`,
    ].join('\n');
    expect(findSecrets(text)).toEqual([]);
  });

  it('does not report documentation placeholders', () => {
    const text = [
      'PAGE_ACCESS_TOKEN=EAAxxxxxxxx',
      'PAGE_ACCESS_TOKEN=EAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token: EAAGm0PX4ZCpsBAxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token: EAAabcdefghijklmnopqrstuvwxyz',
      'token: EAAB1234567890ABCDEF',
      'APP_SECRET=0123456789abcdef0123456789abcdef',
      'APP_SECRET=00000000000000000000000000000000',
      'APP_SECRET=abababababababababababababababab',
      'app token: 123456789012345|ffffffffffffffffffffffffffffffff',
      'APPID|CLIENT_TOKEN: client_token = "123456789012345|' + hex32() + '"',
    ].join('\n');
    expect(findSecrets(text)).toEqual([]);
  });

  it('tells placeholders from random tokens (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{60,200}$/), (body) => {
        // Strings fast-check builds are often repetitive; genuinely random ones must never be called placeholders.
        const real = token(body.length).slice(3);
        expect(looksLikePlaceholder(real)).toBe(false);
      }),
      { numRuns: 200 },
    );
    expect(looksLikePlaceholder('x'.repeat(40))).toBe(true);
    // Only clear placeholders are dropped: a varied but synthetic token is still reported.
    expect(findSecrets(`t = "EAAG${'Zk9x'.repeat(30)}5000"`)).toHaveLength(1);
  });

  it('finds every token among many lines, in order', () => {
    const tokens = Array.from({ length: 20 }, () => token(100 + Math.floor(Math.random() * 100)));
    const text = tokens.map((t, i) => `line ${i}: ${t}`).join('\n');
    expect(findSecrets(text).map((f) => [f.secret, f.line])).toEqual(tokens.map((t, i) => [t, i + 1]));
  });

  it('mayContainSecret is a cheap pre-check that never misses', () => {
    expect(mayContainSecret(Buffer.from('plain code with no credentials'))).toBe(false);
    for (const s of [token(), `1234567890123|${hex32()}`, `APP_SECRET=${hex32()}`, `appSecret: '${hex32()}'`]) {
      expect(mayContainSecret(Buffer.from(s))).toBe(true);
      expect(findSecrets(s).length).toBe(1);
    }
  });
});
