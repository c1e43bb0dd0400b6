// The rate-limit wait as people see it, on an injected clock (no real sleeping): a countdown that rewrites
// one line on a terminal, one warning line elsewhere; both end when the clock has slept exactly the wait.
import { describe, expect, it } from 'vitest';
import { createSitOut, formatCountdown } from '../../src/io/countdown.js';
import { fakeClock } from '../graph/helpers.js';

describe('sitting out a wait', () => {
  it('formats the time left to the second', () => {
    expect([formatCountdown(300_000), formatCountdown(61_000), formatCountdown(59_001), formatCountdown(500)]).toEqual(['5m 00s', '1m 01s', '1m 00s', '1s']);
  });

  it('live: one rewritten line per second, then the line cleared; the clock sleeps exactly the wait', async () => {
    const clock = fakeClock();
    const written: string[] = [];
    const warned: string[] = [];
    const sitOut = createSitOut({ clock, write: (t) => written.push(t), warn: (l) => warned.push(l), live: true });
    await sitOut(2_500, (left) => `waiting ${left}`);
    expect(written).toEqual(['\rwaiting 3s (Ctrl-C stops)\x1b[K', '\rwaiting 2s (Ctrl-C stops)\x1b[K', '\rwaiting 1s (Ctrl-C stops)\x1b[K', '\r\x1b[K']);
    expect(clock.sleeps).toEqual([1000, 1000, 500]);
    expect(warned).toEqual([]);
  });

  it('not live: one warning line and one sleep', async () => {
    const clock = fakeClock();
    const written: string[] = [];
    const warned: string[] = [];
    await createSitOut({ clock, write: (t) => written.push(t), warn: (l) => warned.push(l), live: false })(120_000, (left) => `waiting ${left}`);
    expect([written, warned, clock.sleeps]).toEqual([[], ['waiting 2m 00s'], [120_000]]);
  });

  it('Ctrl-C (the signal) ends a live wait and clears the line', async () => {
    const controller = new AbortController();
    const written: string[] = [];
    const clock = { now: () => 0, sleep: async (_ms: number, signal?: AbortSignal) => { controller.abort(new Error('Interrupted.')); signal?.throwIfAborted(); } };
    const sitOut = createSitOut({ clock, write: (t) => written.push(t), warn: () => {}, live: true });
    await expect(sitOut(60_000, (left) => `waiting ${left}`, controller.signal)).rejects.toThrow('Interrupted.');
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});
