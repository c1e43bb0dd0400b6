// `fbtok rotate` as cron and CI run it: a real CLI process, a file store, the emulator with latency.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempConfigDir } from '../helpers/run-cli.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { expectNoSecrets } from '../commands/token-fixture.js';
import { DAY, byName, seedUserAndPages, setUpRotation, type JsonOutcome, type RotationFixture } from './harness.js';

const P1 = 'page:100000000000101';
const P2 = 'page:100000000000102';

describe('rotate', () => {
  let f: RotationFixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('changes nothing when nothing is due, and says how long each token has left', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 54.5);
    const before = f.storeBytes();
    const r = await f.cli(['rotate']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^user\s+skipped\s+54d 11h\s+not due: 54d 11h left$/m);
    expect(r.stdout).toMatch(new RegExp(`^${P1}\\s+skipped\\s+never\\s+not due: never expires$`, 'm'));
    expect(r.stderr).toContain('0 rotated, 3 skipped, 0 failed.');
    expect(f.exchanges()).toBe(0);
    expect(f.storeBytes()).toBe(before);
  });

  it('--within widens the window: 12h, 7d, 2w', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    await seedUserAndPages(f, 10.5, { pages: false });
    for (const within of ['12h', '7d']) {
      const [o] = await f.json<JsonOutcome[]>(['rotate', '--within', within]);
      expect(o).toMatchObject({ name: 'user', action: 'skipped', reason: 'not due: 10d 11h left' });
    }
    expect(f.exchanges()).toBe(0);
    const [o] = await f.json<JsonOutcome[]>(['rotate', '--within', '2w']);
    expect(o).toMatchObject({ name: 'user', action: 'rotated' });
    expect(o.reason).toMatch(/^expires in 10d 11h \(within 14d\): exchanged; now expires .*59d 23h left/);
    expect(f.exchanges()).toBe(1);
  });

  it('a peer that does not extend long-lived tokens: exit 8, the store untouched, the date to log in by', async () => {
    f = await setUpRotation();
    const user = await seedUserAndPages(f, 3);
    const before = f.storeBytes();
    const audit = f.auditText();
    const r = await f.cli(['rotate']);
    expect(r.code, r.stderr).toBe(8);
    const expiry = new Date((await f.debug(user)).expires_at! * 1000).toISOString().slice(0, 16).replace('T', ' ');
    expect(r.stdout).toContain(`expires in 2d 23h (within 10d); long-lived token cannot be extended: run \`fbtok login\` before ${expiry} UTC`);
    expect(r.stderr).toContain('fbtok login');
    expect(f.exchanges()).toBe(1);
    expect(f.storeBytes()).toBe(before);
    // The store is untouched, but the attempt is on record for "what happened and when".
    const added = f.auditText().slice(audit.length).trim().split('\n').map((l) => JSON.parse(l));
    expect(added).toEqual([expect.objectContaining({ command: 'rotate', name: 'user', action: 'attempt', newFingerprint: null })]);
    expect(added[0].outcome).toMatch(/^failed: .*run `fbtok login` before/);
    expect(await f.get('user')).toBe(user);
    // `fbtok log`: the outcome in the action column, the reason in a column of its own at the end.
    const log = await f.cli(['log']);
    expect(log.stdout).toMatch(/^TIME\s+COMMAND\s+NAME\s+ACTION\s+FINGERPRINT\s+EXPIRES\s+NOTE$/m);
    expect(log.stdout).toMatch(/rotate\s+user\s+attempt:failed\s+\S+\s+\S+\s+expires in 2d 23h .*run `fbtok login` before/);
  });

  it('a peer that extends: rotated, verified, previous kept, Pages re-derived with derivedFrom updated', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = await seedUserAndPages(f, 3);
    const oldPage = await f.get(P1);
    const r = await f.cli(['rotate', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = byName(JSON.parse(r.stdout));
    expect(out.user.action).toBe('rotated');
    expect(Date.parse(out.user.expiresAt!) - Date.now()).toBeGreaterThan(59 * DAY);
    expect(out[P1]).toMatchObject({ action: 'rotated', expiresAt: null });
    expect(out[P1].reason).toContain('the user token it came from was replaced');
    const fresh = await f.get('user');
    expect(fresh).not.toBe(user);
    expect((await f.debug(fresh)).is_valid).toBe(true);
    const records = Object.fromEntries((await f.list()).map((x) => [x.name, x]));
    expect(records.user.previous).toMatchObject({ fingerprint: fingerprint(user) });
    expect(records.user.obtainedVia).toBe('rotate');
    for (const page of [P1, P2]) {
      expect(records[page].derivedFrom).toBe(fingerprint(fresh));
      const token = await f.get(page);
      expect(await f.debug(token)).toMatchObject({ is_valid: true, type: 'PAGE', expires_at: 0 });
    }
    expect(await f.get(P1)).not.toBe(oldPage);
    expect(f.exchanges()).toBe(1);
    expectNoSecrets(r, [user, fresh, oldPage, f.emu.appSecret]);

    const again = await f.json<JsonOutcome[]>(['rotate']);
    expect(again.map((o) => o.action)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(f.exchanges()).toBe(1);
  });

  it('exchanges a short-lived user token and re-derives its short-lived Page tokens', async () => {
    f = await setUpRotation();
    const short = f.emu.issueUserToken({ lifetime: 'short' });
    await f.importToken(short);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    f.emu.resetRequests();
    const out = byName(await f.json<JsonOutcome[]>(['rotate', '--within', '1m']));
    expect(out.user).toMatchObject({ action: 'rotated' });
    expect(out.user.reason).toMatch(/^short-lived: expires in 59m/);
    expect(out[P1]).toMatchObject({ action: 'rotated', expiresAt: null });
    const page = await f.get(P1);
    expect((await f.debug(page)).expires_at).toBe(0);
  });

  it('a revoked user token: exit 3 saying to log in; the tokens stay, the records are marked invalid', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = await seedUserAndPages(f, 3);
    const page = await f.get(P1);
    f.emu.invalidateToken(user, 460);
    const r = await f.cli(['rotate', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = byName(JSON.parse(r.stdout));
    expect(out.user).toMatchObject({ action: 'failed', expiresAt: null });
    expect(out.user.reason).toMatch(/invalid \[190\/460\].*run `fbtok login`/);
    expect(out[P1].action).toBe('failed');
    expect(r.stderr).toContain('fbtok login');
    expect(f.exchanges()).toBe(0);
    expect(await f.get('user')).toBe(user);
    expect(await f.get(P1)).toBe(page);
    const records = Object.fromEntries((await f.list()).map((x) => [x.name, x]));
    expect(records.user.invalid).toMatchObject({ code: 190, subcode: 460 });
    expect(records.user.fingerprint).toBe(fingerprint(user));
  });

  it('a Page whose role was removed is reported, not deleted; the other Page is untouched', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 40);
    const other = await f.get(P2);
    f.emu.removePageRole('100000000000101');
    const r = await f.cli(['rotate', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = byName(JSON.parse(r.stdout));
    expect(out[P1].action).toBe('failed');
    expect(out[P1].reason).toContain('the user no longer manages this Page');
    expect(out[P1].reason).toContain(`kept, not deleted (\`fbtok token delete ${P1}\``);
    expect(out[P2].action).toBe('skipped');
    expect(out.user.action).toBe('skipped');
    expect((await f.list()).map((x) => x.name)).toContain(P1);
    expect(await f.get(P2)).toBe(other);
  });

  it('after a new login, re-derives Page tokens that died (460) while the new user token works', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 40);
    f.emu.invalidateToken(await f.get(P1), 460);
    const fresh = f.emu.issueUserToken({ lifetime: 'long' });
    expect((await f.cli(['token', 'import', '--token-stdin', '--force'], { input: fresh })).code).toBe(0);
    const out = byName(await f.json<JsonOutcome[]>(['rotate']));
    expect(out.user.action).toBe('skipped');
    expect(out[P1].action).toBe('rotated');
    expect(out[P1].reason).toMatch(/^invalid \[190\/460\].*, while the user token works: re-derived from "user"/);
    expect(out[P2].action).toBe('rotated');
    expect(out[P2].reason).toContain('the user token it came from was replaced');
    for (const page of [P1, P2]) expect((await f.debug(await f.get(page))).is_valid).toBe(true);
    expect((await f.list()).find((x) => x.name === P1)?.derivedFrom).toBe(fingerprint(fresh));
  });

  it('a dead Page token that Facebook hands out again unchanged is exit 3 and stays as it is', async () => {
    f = await setUpRotation({ pageTokenStrings: 'same' });
    await seedUserAndPages(f, 40);
    const dead = await f.get(P1);
    f.emu.invalidateToken(dead, 460);
    const r = await f.cli(['rotate', '--json']);
    expect(r.code, r.stderr).toBe(3);
    const out = byName(JSON.parse(r.stdout));
    expect(out[P1].action).toBe('failed');
    expect(out[P1].reason).toMatch(/; re-derived, but the new token is invalid \[190\/460\]: .*: run `fbtok login`$/);
    expect(out[P2].action).toBe('skipped');
    expect(await f.get(P1)).toBe(dead);
  });

  it('refreshes an expiring system-user token for another 60 days and verifies it', async () => {
    f = await setUpRotation();
    f.setEmulatorOffset(55 * DAY);
    const su = f.emu.issueSystemUserToken({ expiring: true });
    f.setEmulatorOffset(0);
    await f.importToken(su);
    const name = `system-user:${f.emu.systemUserId}`;
    f.emu.resetRequests();
    const [o] = await f.json<JsonOutcome[]>(['rotate']);
    expect(o).toMatchObject({ name, action: 'rotated' });
    expect(o.reason).toMatch(/^expires in 4d 23h \(within 10d\): refreshed; now expires .*59d 23h left/);
    const req = f.emu.requests.find((x) => x.form.grant_type === 'fb_exchange_token');
    expect(req?.form.set_token_expires_in_60_days).toBe('true');
    const fresh = await f.get(name);
    expect(fresh).not.toBe(su);
    expect(await f.debug(fresh)).toMatchObject({ is_valid: true, type: 'SYSTEM_USER' });
  });

  it('non-expiring system-user tokens are left alone unless named with --force', async () => {
    f = await setUpRotation();
    const su = f.emu.issueSystemUserToken({ expiring: false });
    await f.importToken(su);
    const name = `system-user:${f.emu.systemUserId}`;
    f.emu.resetRequests();
    const [skipped] = await f.json<JsonOutcome[]>(['rotate']);
    expect(skipped).toMatchObject({ name, action: 'skipped', expiresAt: null });
    expect(skipped.reason).toContain('--force');
    expect(f.exchanges()).toBe(0);
    const [forced] = await f.json<JsonOutcome[]>(['rotate', name, '--force']);
    expect(forced).toMatchObject({ name, action: 'skipped', reason: 'forced: a non-expiring system-user token: Facebook returned the same token; it never expires, so it stays' });
    const req = f.emu.requests.find((x) => x.form.grant_type === 'fb_exchange_token');
    expect(req?.form.set_token_expires_in_60_days).toBeUndefined();
    expect(await f.get(name)).toBe(su);
    const noNames = await f.cli(['rotate', '--force']);
    expect(noNames.code).toBe(2);
  });

  it('--force refreshes a named expiring system-user token that is not due yet', async () => {
    f = await setUpRotation();
    f.setEmulatorOffset(DAY);
    const su = f.emu.issueSystemUserToken({ expiring: true });
    f.setEmulatorOffset(0);
    await f.importToken(su);
    const name = `system-user:${f.emu.systemUserId}`;
    expect((await f.json<JsonOutcome[]>(['rotate']))[0].action).toBe('skipped');
    const [o] = await f.json<JsonOutcome[]>(['rotate', name, '--force']);
    expect(o).toMatchObject({ action: 'rotated' });
    expect(o.reason).toMatch(/^forced: expires in 58d/);
  });

  it('--dry-run says what would change and writes nothing: no exchange, same store bytes, same audit log', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = await seedUserAndPages(f, 3);
    f.emu.invalidateToken(await f.get(P2), 460);
    f.emu.resetRequests();
    const before = f.storeBytes();
    const audit = f.auditText();
    const r = await f.cli(['rotate', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^user\s+would-rotate\s+.*expires in 2d 23h \(within 10d\): would exchange it/m);
    expect(r.stdout).toMatch(new RegExp(`^${P2}\\s+would-rotate\\s+.*invalid \\[190/460\\]`, 'm'));
    expect(r.stderr).toContain('nothing was changed');
    // The user token is long-lived: the summary says a login is the likely way out, as the real run would find.
    expect(r.stderr).toMatch(/would be rotated \(1 long-lived: .*likely only `fbtok login` renews it\)/);
    expect(f.exchanges()).toBe(0);
    expect(f.emu.requests.every((x) => !x.path.includes('/me/accounts'))).toBe(true);
    expect(f.storeBytes()).toBe(before);
    expect(f.auditText()).toBe(audit);
    expect(await f.get('user')).toBe(user);
  });

  it('the audit log records each change with command rotate, fingerprints and expiries, and no secret', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = await seedUserAndPages(f, 3);
    const pages = [await f.get(P1), await f.get(P2)];
    expect((await f.cli(['rotate'])).code).toBe(0);
    const fresh = await f.get('user');
    // The raw file: each change's intent line (written before the secret) and then its outcome.
    const lines = f.auditText().trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.command === 'rotate');
    expect(lines.filter((e) => e.outcome === 'intent').map((e) => e.name).sort()).toEqual(['user', P1, P2].sort());
    const entries = lines.filter((e) => e.outcome !== 'intent');
    expect(entries.map((e) => [e.name, e.action, e.outcome])).toEqual([
      ['user', 'put', 'replaced'],
      [P1, 'put', 'replaced'],
      [P2, 'put', 'replaced'],
    ]);
    expect(entries[0]).toMatchObject({ oldFingerprint: fingerprint(user), newFingerprint: fingerprint(fresh), previousExpiresAt: expect.any(String), expiresAt: expect.any(String) });
    expect(entries[0].oldFingerprint).toMatch(/^[0-9a-f]{12}$/);
    const text = f.auditText();
    for (const secret of [user, fresh, ...pages, await f.get(P1), f.emu.appSecret]) expect(text.includes(secret)).toBe(false);
    expect(text).not.toMatch(/EAA[A-Za-z0-9]{20,}/);
  });

  it('an invalid token is marked in the audit log as a rotate update', async () => {
    f = await setUpRotation();
    const user = await seedUserAndPages(f, 30, { pages: false });
    f.emu.invalidateToken(user, 466);
    expect((await f.cli(['rotate'])).code).toBe(3);
    const entries = f.auditText().trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.command === 'rotate');
    expect(entries).toEqual([expect.objectContaining({ name: 'user', action: 'update', outcome: 'updated', oldFingerprint: fingerprint(user), newFingerprint: fingerprint(user) })]);
  });

  it('exit code is the worst outcome: 3 before 8 before 0', async () => {
    f = await setUpRotation();
    await seedUserAndPages(f, 3, { pages: false });
    const su = f.emu.issueSystemUserToken({ expiring: true });
    await f.importToken(su);
    const name = `system-user:${f.emu.systemUserId}`;
    expect((await f.cli(['rotate', 'user'])).code).toBe(8);
    expect((await f.cli(['rotate', name])).code).toBe(0);
    f.emu.invalidateToken(su, 466);
    const r = await f.cli(['rotate', '--json']);
    expect(r.code).toBe(3);
    const out = byName(JSON.parse(r.stdout));
    expect(out.user.action).toBe('failed');
    expect(out[name].action).toBe('failed');
    expect(out[name].reason).toContain('Business Manager');
  });

  it('data access expiring inside the window needs a login: exit 8 with the date, no exchange tried', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = f.emu.issueUserToken({ lifetime: 'long', dataAccessExpiresInSeconds: 2 * 86_400 });
    await f.importToken(user);
    f.emu.resetRequests();
    const r = await f.cli(['rotate', '--json']);
    expect(r.code, r.stderr).toBe(8);
    const [o] = JSON.parse(r.stdout) as JsonOutcome[];
    expect(o).toMatchObject({ name: 'user', action: 'failed' });
    expect(o.reason).toMatch(/^data access expires in 1d 23h \(within 10d\): run `fbtok login` before \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    expect(f.exchanges()).toBe(0);
  });

  it('Graph failing during the exchange fails loudly (exit 6) and leaves the store as it was', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    const user = await seedUserAndPages(f, 3);
    const before = f.storeBytes();
    f.emu.injectFault({ match: '/oauth/access_token', kind: 'http-500', times: 20 });
    const r = await f.cli(['rotate'], { env: { FBTOK_RETRY_BASE_MS: '1' } });
    expect(r.code, r.stderr).toBe(6);
    expect(f.storeBytes()).toBe(before);
    expect(await f.get('user')).toBe(user);
  });

  it('an unknown name is exit 2 (usage, not a dead token) before anything is rotated', async () => {
    f = await setUpRotation({ extendLongLivedOnExchange: true });
    await seedUserAndPages(f, 3, { pages: false });
    const r = await f.cli(['rotate', 'user', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No token named "nope"');
    expect(r.stderr).toContain('`fbtok token list` shows the stored names');
    expect(f.exchanges()).toBe(0);
  });

  it('an empty profile has nothing to rotate: exit 0 saying how to get tokens, no app settings needed', async () => {
    const dir = tempConfigDir();
    try {
      const r = await runCli(['rotate'], { env: { FBTOK_CONFIG_DIR: dir.dir, FBTOK_STORE: 'file' } });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('No tokens in this profile');
    } finally {
      dir.remove();
    }
  });
});
