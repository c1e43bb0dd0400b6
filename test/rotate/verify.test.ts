import { describe, expect, it } from 'vitest';
import { verifyReplacement } from '../../src/rotate/verify.js';
import { worstExitCode, outcome, loginBefore, jsonView } from '../../src/rotate/outcome.js';
import { DAY, NOW, info, invalidInfo } from './fixtures.js';

const expectUser = { appId: '111', subjectId: '42' };

describe('verifyReplacement', () => {
  it('accepts a valid token of the same app and user whose expiry moved', () => {
    expect(verifyReplacement(info({ expiresAt: NOW + DAY }), info({ expiresAt: NOW + 60 * DAY }), expectUser)).toEqual({ ok: true });
  });

  it('rejects an expiry that did not move (not extended)', () => {
    const v = verifyReplacement(info({ expiresAt: NOW + 3 * DAY }), info({ expiresAt: NOW + 3 * DAY + 1000 }), expectUser);
    expect(v).toEqual({ ok: false, notExtended: true, problem: 'the expiry did not move' });
  });

  it('rejects an invalid token, another app, another subject', () => {
    expect(verifyReplacement(info(), invalidInfo(463), expectUser)).toMatchObject({ ok: false, notExtended: false });
    expect(verifyReplacement(info(), info({ appId: '999', expiresAt: NOW + 60 * DAY }), expectUser)).toMatchObject({ ok: false, problem: expect.stringContaining('app 999') });
    expect(verifyReplacement(info(), info({ userId: '7', expiresAt: NOW + 60 * DAY }), expectUser)).toMatchObject({ ok: false, problem: expect.stringContaining('acts as 7') });
  });

  it('Page tokens: the subject is the Page (profile_id); never-expiring is fine', () => {
    const before = invalidInfo(492, { type: 'PAGE', profileId: '1' });
    expect(verifyReplacement(before, info({ type: 'PAGE', profileId: '1', expiresAt: null }), { appId: '111', subjectId: '1', page: true })).toEqual({ ok: true });
    expect(verifyReplacement(before, info({ type: 'PAGE', profileId: '2', expiresAt: null }), { appId: '111', subjectId: '1', page: true }).ok).toBe(false);
  });

  it('never swaps a never-expiring token for an expiring one', () => {
    expect(verifyReplacement(info({ expiresAt: null }), info({ expiresAt: NOW + 60 * DAY }), expectUser)).toMatchObject({ ok: false, notExtended: true });
  });
});

describe('outcomes', () => {
  it('exit code: 3 before 8 before 0', () => {
    const ok = outcome('a', 'rotated', 'r', null);
    const soon = outcome('b', 'failed', 'r', null, 8);
    const dead = outcome('c', 'failed', 'r', null, 3);
    expect(worstExitCode([])).toBe(0);
    expect(worstExitCode([ok])).toBe(0);
    expect(worstExitCode([ok, soon])).toBe(8);
    expect(worstExitCode([soon, dead, ok])).toBe(3);
    expect(worstExitCode([dead, soon])).toBe(3);
  });

  it('loginBefore names the earlier of expiry and data-access expiry', () => {
    expect(loginBefore({ expiresAt: Date.parse('2027-01-20T08:00:00Z'), dataAccessExpiresAt: Date.parse('2027-03-01T00:00:00Z') })).toBe('run `fbtok login` before 2027-01-20 08:00 UTC');
    expect(loginBefore({ expiresAt: Date.parse('2027-01-20T08:00:00Z'), dataAccessExpiresAt: Date.parse('2027-01-02T00:00:00Z') })).toContain('2027-01-02');
  });

  it('--json shape: name, action, reason, expiresAt', () => {
    expect(jsonView([outcome('user', 'skipped', 'not due: 54d left', NOW)])).toEqual([{ name: 'user', action: 'skipped', reason: 'not due: 54d left', expiresAt: new Date(NOW).toISOString() }]);
  });
});
