import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatTimeLeft, parseDuration } from '../../src/util/duration.js';
import { FbtokError } from '../../src/errors.js';

describe('parseDuration', () => {
  it('reads the units users type', () => {
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('7d')).toBe(7 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseDuration(' 15M ')).toBe(15 * 60_000);
  });

  it('rejects anything else with a usage error (exit 2), never a crash', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (text) => {
        try {
          const ms = parseDuration(text);
          expect(Number.isInteger(ms)).toBe(true);
          expect(ms).toBeGreaterThanOrEqual(0);
          expect(text.trim()).toMatch(/^(\d+(\.\d+)?[smhdw])+$/i);
        } catch (error) {
          expect(error).toBeInstanceOf(FbtokError);
          expect((error as FbtokError).exitCode).toBe(2);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips generated durations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.constantFrom('s', 'm', 'h', 'd', 'w')), { minLength: 1, maxLength: 4 }), (parts) => {
        const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 } as const;
        const expected = parts.reduce((sum, [n, u]) => sum + n * unit[u], 0);
        expect(parseDuration(parts.map(([n, u]) => `${n}${u}`).join(''))).toBe(expected);
      }),
    );
  });

  it('refuses absurd windows', () => {
    expect(() => parseDuration('99999w')).toThrow(FbtokError);
    expect(() => parseDuration('')).toThrow(FbtokError);
    expect(() => parseDuration('10')).toThrow(/Invalid duration "10"/);
  });
});

describe('formatTimeLeft', () => {
  const now = Date.UTC(2026, 0, 1);
  it('says never, time left, or how long ago it expired', () => {
    expect(formatTimeLeft(null, now)).toBe('never');
    expect(formatTimeLeft(now + 3 * 86_400_000 + 4 * 3_600_000, now)).toBe('3d 4h');
    expect(formatTimeLeft(now + 25 * 60_000, now)).toBe('25m');
    expect(formatTimeLeft(now - 2 * 3_600_000, now)).toBe('expired 2h ago');
  });
});
