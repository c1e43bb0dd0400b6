import { describe, expect, it } from 'vitest';
import { planToken, sourceRecordFor, dueWithin, kindOf } from '../../src/rotate/plan.js';
import { DAY, HOUR, NOW, info, invalidInfo, record } from './fixtures.js';

const within = 10 * DAY;
const plan = (r = record(), i: ReturnType<typeof info> | null = info(), extra: Partial<Parameters<typeof planToken>[0]> = {}) =>
  planToken({ record: r, info: i, nowMs: NOW, withinMs: within, ...extra });

describe('plan: user tokens', () => {
  it('a long-lived token with 54 days left is not due', () => {
    expect(plan(record(), info({ expiresAt: NOW + 54 * DAY }))).toEqual({ kind: 'skip', reason: 'not due: 54d left' });
  });

  it('a long-lived token expiring inside the window is exchanged, with the window in the reason', () => {
    expect(plan(record(), info({ expiresAt: NOW + 3 * DAY }))).toEqual({ kind: 'exchange', reason: 'expires in 3d (within 10d)' });
  });

  it('the window edge is inclusive and follows --within', () => {
    expect(plan(record(), info({ expiresAt: NOW + within })).kind).toBe('exchange');
    expect(plan(record(), info({ expiresAt: NOW + within + 1 })).kind).toBe('skip');
    expect(planToken({ record: record(), info: info({ expiresAt: NOW + 13 * HOUR }), nowMs: NOW, withinMs: 12 * HOUR }).kind).toBe('skip');
    expect(planToken({ record: record(), info: info({ expiresAt: NOW + 11 * HOUR, issuedAt: NOW - DAY }), nowMs: NOW, withinMs: 12 * HOUR }).kind).toBe('exchange');
  });

  it('a short-lived token is always exchanged, whatever the window', () => {
    const step = planToken({ record: record(), info: info({ issuedAt: null, expiresAt: NOW + 45 * 60_000 }), nowMs: NOW, withinMs: 60_000 });
    expect(step).toEqual({ kind: 'exchange', reason: 'short-lived: expires in 45m' });
  });

  it('data access expiring inside the window needs a login, not an exchange', () => {
    const step = plan(record(), info({ expiresAt: NOW + 50 * DAY, dataAccessExpiresAt: NOW + 2 * DAY }));
    expect(step).toEqual({ kind: 'login', reason: 'data access expires in 2d (within 10d)', before: NOW + 2 * DAY });
  });

  it('an invalid token is invalid, with the code and message', () => {
    const step = plan(record(), invalidInfo(460));
    expect(step.kind).toBe('invalid');
    expect(step.reason).toContain('[190/460]');
  });

  it("Facebook's full stop does not end the reason, which the rotation goes on from (no '.:' or '.,')", () => {
    const message = 'Error validating access token: Session has expired on Wed, 02 Dec 2026 06:37:46 UTC. The current time is Wed, 02 Dec 2026 06:37:47 UTC.';
    const step = plan(record(), invalidInfo(463, { error: { code: 190, subcode: 463, message } }));
    expect(step.reason).toBe(`invalid [190/463]: ${message.slice(0, -1)}`);
  });

  it('a token whose secret is missing is invalid', () => {
    expect(plan(record(), null)).toEqual({ kind: 'invalid', reason: 'its secret is missing from the store' });
  });

  it('the live answer wins over the stored record', () => {
    const stale = record({ expiresAt: new Date(NOW + DAY).toISOString() });
    expect(plan(stale, info({ expiresAt: NOW + 40 * DAY })).kind).toBe('skip');
  });
});

describe('plan: Page tokens', () => {
  const page = (overrides = {}) => record({ name: 'page:1', type: 'PAGE', subjectId: '1', expiresAt: null, derivedFrom: 'fp-user', ...overrides });
  const pageInfo = (overrides = {}) => info({ type: 'PAGE', profileId: '1', expiresAt: null, issuedAt: null, ...overrides });
  const source = { name: 'user', fingerprint: 'fp-user', valid: true };

  it('a never-expiring Page token from the current user token is not due', () => {
    expect(plan(page(), pageInfo(), { source })).toEqual({ kind: 'skip', reason: 'not due: never expires' });
  });

  it('is re-derived when the user token it came from was replaced', () => {
    const step = plan(page(), pageInfo(), { source: { ...source, fingerprint: 'fp-new' } });
    expect(step.kind).toBe('derive');
    expect(step.reason).toContain('was replaced');
  });

  it('is re-derived when it expires inside the window (derived from a short-lived token)', () => {
    const step = plan(page(), pageInfo({ expiresAt: NOW + HOUR }), { source });
    expect(step).toEqual({ kind: 'derive', reason: 'expires in 1h (within 10d) (derived from a short-lived user token)' });
  });

  it.each([460, 492])('is re-derived when invalid (%i) while the user token works', (subcode) => {
    const step = plan(page(), invalidInfo(subcode, { type: 'PAGE' }), { source });
    expect(step.kind).toBe('derive');
    expect(step.reason).toContain(`190/${subcode}`);
  });

  it('is invalid when it and its user token are both dead', () => {
    expect(plan(page(), invalidInfo(460, { type: 'PAGE' }), { source: { ...source, valid: false } }).kind).toBe('invalid');
    expect(plan(page(), invalidInfo(460, { type: 'PAGE' }), { source: null }).kind).toBe('invalid');
  });

  it('needs a login when it is due and no working user token exists', () => {
    expect(plan(page(), pageInfo({ expiresAt: NOW + HOUR }), { source: null }).kind).toBe('login');
  });

  it('data access inside the window needs a login', () => {
    expect(plan(page(), pageInfo({ dataAccessExpiresAt: NOW + DAY }), { source }).kind).toBe('login');
  });
});

describe('plan: system-user tokens', () => {
  const su = record({ name: 'system-user:9', type: 'SYSTEM_USER', subjectId: '9' });
  const suInfo = (overrides = {}) => info({ type: 'SYSTEM_USER', userId: '9', dataAccessExpiresAt: null, ...overrides });

  it('an expiring one inside the window is refreshed for another 60 days', () => {
    expect(plan(su, suInfo({ expiresAt: NOW + 5 * DAY }))).toEqual({ kind: 'refresh', reason: 'expires in 5d (within 10d)', extend60Days: true });
  });

  it('an expiring one outside the window is not due, unless forced', () => {
    expect(plan(su, suInfo({ expiresAt: NOW + 30 * DAY })).kind).toBe('skip');
    expect(plan(su, suInfo({ expiresAt: NOW + 30 * DAY }), { forced: true })).toMatchObject({ kind: 'refresh', extend60Days: true, reason: 'forced: expires in 30d' });
  });

  it('a non-expiring one is left alone unless forced, and then not turned into an expiring one', () => {
    expect(plan(su, suInfo({ expiresAt: null })).kind).toBe('skip');
    expect(plan(su, suInfo({ expiresAt: null }), { forced: true })).toMatchObject({ kind: 'refresh', extend60Days: false });
  });

  it('an invalid one is invalid', () => {
    expect(plan(su, invalidInfo(466, { type: 'SYSTEM_USER' })).kind).toBe('invalid');
  });
});

describe('plan: helpers', () => {
  it('app tokens and unknown types are never rotated', () => {
    expect(plan(record({ name: 'app', type: 'APP' }), info({ type: 'APP', expiresAt: null })).kind).toBe('skip');
    expect(kindOf(record({ type: 'WHATEVER' }), null)).toBe('other');
  });

  it('dueWithin: null (never) is never due; expired is due', () => {
    expect(dueWithin(null, { nowMs: NOW, withinMs: within })).toBe(false);
    expect(dueWithin(NOW - 1, { nowMs: NOW, withinMs: within })).toBe(true);
  });

  it('sourceRecordFor: by fingerprint, then by the replaced fingerprint, then "user", then the only user token', () => {
    const a = record({ name: 'work', fingerprint: 'fp-a' });
    const b = record({ name: 'user', fingerprint: 'fp-b', previous: { fingerprint: 'fp-old', obtainedAt: '', expiresAt: null } });
    const p = (derivedFrom?: string) => record({ name: 'page:1', type: 'PAGE', derivedFrom });
    expect(sourceRecordFor(p('fp-a'), [a, b])?.name).toBe('work');
    expect(sourceRecordFor(p('fp-old'), [a, b])?.name).toBe('user');
    expect(sourceRecordFor(p('fp-unknown'), [a, b])?.name).toBe('user');
    expect(sourceRecordFor(p(), [a])?.name).toBe('work');
    expect(sourceRecordFor(p(), [a, record({ name: 'other', fingerprint: 'x' })])).toBeNull();
  });
});
