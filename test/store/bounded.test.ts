import { describe, expect, it } from 'vitest';
import { mapBounded, settleBounded } from '../../src/store/bounded.js';
import { withTimeout } from '../../src/store/call-timeout.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import type { Clock } from '../../src/io/clock.js';

describe('mapBounded', () => {
  it('keeps order and never exceeds the bound', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapBounded([...Array(50).keys()], 8, async (i) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return i * 2;
    });
    expect(out).toEqual([...Array(50).keys()].map((i) => i * 2));
    expect(most).toBe(8);
  });

  it('starts nothing new after the first failure', async () => {
    let started = 0;
    const settled = await settleBounded([...Array(100).keys()], 4, async (i) => {
      started++;
      await new Promise((r) => setImmediate(r));
      if (i === 2) throw new Error('keychain gone');
      return i;
    });
    expect(started).toBeLessThanOrEqual(8);
    expect(settled.filter((s) => s === undefined).length).toBeGreaterThan(90);
    await expect(mapBounded([1, 2], 2, async (i) => { if (i === 2) throw new Error('x'); return i; })).rejects.toThrow('x');
  });
});

describe('withTimeout', () => {
  /** A clock whose sleeps end when the test says so: no real waiting. */
  function manualClock() {
    const sleepers: Array<() => void> = [];
    const clock: Clock = {
      now: () => 0,
      sleep: (_ms, signal) =>
        new Promise((resolve, reject) => {
          sleepers.push(resolve);
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    };
    return { clock, fire: () => sleepers.splice(0).forEach((wake) => wake()) };
  }

  it('gives up on a call that never settles, and aborts its signal', async () => {
    const { clock, fire } = manualClock();
    let signal: AbortSignal | undefined;
    const call = withTimeout((s) => { signal = s; return new Promise(() => {}); }, 500, clock, () => new Error('did not answer'));
    await new Promise((r) => setImmediate(r));
    fire();
    await expect(call).rejects.toThrow('did not answer');
    expect(signal?.aborted).toBe(true);
  });

  it('returns the result of a call that settles in time, and a late rejection is not unhandled', async () => {
    const { clock } = manualClock();
    expect(await withTimeout(async () => 'ok', 500, clock, () => new Error('late'))).toBe('ok');
    await expect(withTimeout(async () => { throw new Error('boom'); }, 500, clock, () => new Error('late'))).rejects.toThrow('boom');
  });
});

describe('fingerprint', () => {
  it('is the first 12 hex chars of SHA-256', () => {
    expect(fingerprint('')).toBe('e3b0c44298fc');
    expect(fingerprint('EAABtoken')).toMatch(/^[0-9a-f]{12}$/);
  });
});
