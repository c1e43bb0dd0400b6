import { afterEach, describe, expect, it } from 'vitest';
import { affectedRecords, parseRevokeFlags } from '../../src/commands/revoke.js';
import type { TokenRecord } from '../../src/store/token-store.js';
import { expectNoSecrets, setUp, type Fixture } from './token-fixture.js';

describe('revoke', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  async function userWithPages(pages = 2) {
    f = await setUp({ pages });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    return { fx: f, user };
  }

  it('without a TTY and without --yes: exit 2 naming --yes, and nothing is sent', async () => {
    const { fx } = await userWithPages();
    const r = await fx.cli(['revoke']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--yes');
    expect(fx.emu.requests).toHaveLength(0);
  });

  it('--yes de-authorizes the app; the user token and its Page tokens are kept and marked invalid', async () => {
    const { fx, user } = await userWithPages(2);
    const r = await fx.cli(['revoke', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(fx.emu.requests.map((q) => [q.method, q.path])).toEqual([['DELETE', '/me/permissions']]);
    const out = JSON.parse(r.stdout);
    expect(out.revoked).toBe('app');
    expect(out.records).toHaveLength(3);
    expectNoSecrets(r, [user]);
    const status = await fx.json(['status']);
    expect(status.tokens.map((t: { state: string; invalid: { subcode: number } }) => [t.state, t.invalid.subcode])).toEqual([
      ['invalid', 458],
      ['invalid', 458],
      ['invalid', 458],
    ]);
    expect((await fx.cli(['debug-token'])).code).toBe(3);
    const exported = await fx.cli(['token', 'export', 'user']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('warning: "user" is invalid; exported anyway');
  });

  it('--permission removes one permission at Facebook and from the stored records', async () => {
    const { fx } = await userWithPages(1);
    const r = await fx.cli(['revoke', '--permission', 'pages_messaging', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    // What the user granted is read first: Facebook answers success to a DELETE of any name.
    expect(fx.emu.requests.map((q) => [q.method, q.path])).toEqual([['GET', '/me/permissions'], ['DELETE', '/me/permissions/pages_messaging']]);
    expect(r.stderr).toContain('Removed it from 2 stored records');
    const records = await fx.json<TokenRecord[]>(['token', 'list']);
    for (const rec of records) {
      expect(rec.scopes).not.toContain('pages_messaging');
      expect(rec.invalid).toBeUndefined();
    }
    expect((await fx.cli(['debug-token', '--require', 'pages_messaging'])).code).toBe(4);
  });

  it('--permission for a permission never granted is exit 2 with the granted ones; nothing is revoked or changed', async () => {
    const { fx } = await userWithPages(1);
    const before = await fx.json<TokenRecord[]>(['token', 'list']);
    const r = await fx.cli(['revoke', '--permission', 'bogus', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: The user never granted bogus to this app; nothing was revoked\.$/m);
    expect(r.stderr).toMatch(/^  Granted: .*pages_messaging/m);
    expect(r.stderr).not.toContain('Revoked');
    expect(fx.emu.requests.map((q) => [q.method, q.path])).toEqual([['GET', '/me/permissions']]);
    expect(await fx.json<TokenRecord[]>(['token', 'list'])).toEqual(before);
    const json = await fx.cli(['revoke', '--permission', 'bogus', '--yes', '--json']);
    expect(JSON.parse(json.stdout).error).toMatchObject({ code: 'PERMISSION_NOT_GRANTED', exitCode: 2 });
  });

  it('--permission for a declined permission says so and does nothing (exit 0)', async () => {
    f = await setUp({ declinedScopes: ['pages_read_engagement'] });
    await f.importToken(f.emu.issueUserToken({ lifetime: 'long' }));
    f.emu.resetRequests();
    const r = await f.cli(['revoke', '--permission', 'pages_read_engagement', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('pages_read_engagement is not granted (Facebook says: declined); nothing was revoked.\n');
    expect(f.emu.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
    // Nothing to revoke needs no confirmation either: no --yes, no terminal, still exit 0.
    const asked = await f.cli(['revoke', '--permission', 'pages_read_engagement']);
    expect(asked.code, asked.stderr).toBe(0);
    expect(asked.stderr).toContain('nothing was revoked');
  });

  it('works when the app requires appsecret_proof', async () => {
    f = await setUp({ requireAppSecretProof: true });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    const r = await f.cli(['revoke', '--yes', '--token-stdin'], { input: user });
    expect(r.code, r.stderr).toBe(0);
    expect(f.emu.requests.at(-1)?.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
    expect((await f.json(['debug-token', '--token-stdin'], { input: user, code: 3 })).error.subcode).toBe(458);
  });

  it('picks the user token, other tokens of that user and the Page tokens derived from them', () => {
    const rec = (name: string, extra: Partial<TokenRecord>) => ({ name, type: 'PAGE', subjectId: null, fingerprint: `fp-${name}`, scopes: [], ...extra }) as TokenRecord;
    const records = [
      rec('user', { type: 'USER', subjectId: 'u1' }),
      rec('old-user', { type: 'USER', subjectId: 'u1' }),
      rec('other', { type: 'USER', subjectId: 'u2' }),
      rec('page:1', { derivedFrom: 'fp-user' }),
      rec('page:2', { derivedFrom: 'fp-old-user' }),
      rec('page:3', { derivedFrom: 'fp-other' }),
    ];
    expect(affectedRecords(records, 'fp-user', 'u1').map((r) => r.name)).toEqual(['user', 'old-user', 'page:1', 'page:2']);
    expect(affectedRecords(records, 'fp-stdin', null).map((r) => r.name)).toEqual([]);
  });

  it('parses flags apart from running', () => {
    expect(parseRevokeFlags({ permission: 'pages_messaging', yes: true })).toEqual({ permission: 'pages_messaging', yes: true, tokenStdin: false });
    expect(() => parseRevokeFlags({ permission: 'Pages Messaging' })).toThrow(/Invalid permission/);
  });
});
