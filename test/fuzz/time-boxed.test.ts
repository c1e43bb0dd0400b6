// The guard on time-boxed properties: a run the time limit cut short fails, a complete one passes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { timeBoxed } from './time-boxed.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('timeBoxed', () => {
  it('fails a passing property the limit stopped before the minimum', async () => {
    // 50 cases of 10 ms each cannot fit in 50 ms, however fast the machine.
    const run = fc.assert(fc.asyncProperty(fc.nat(), () => sleep(10)), timeBoxed(100, 50, 50));
    await expect(run).rejects.toThrow(/^Only \d+ cases ran before the time limit, at least 50 wanted/);
  });

  it('passes a property that ran all its cases, even fewer than the minimum', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(), async () => {}), timeBoxed(5, 10_000, 50));
  });

  it("keeps fast-check's own report for a failing property", async () => {
    const run = fc.assert(fc.asyncProperty(fc.nat(), async (n) => expect(n).toBeLessThan(5)), timeBoxed(100, 10_000, 50));
    await expect(run).rejects.toThrow(/Property failed after \d+ tests/);
  });
});
