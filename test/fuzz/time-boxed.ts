// Options for time-boxed properties. interruptAfterTimeLimit with markInterruptAsFailure: false ends a run
// quietly when the time is up, so on a slow machine a property could pass after a handful of cases; the
// plugin here turns such a cut-short run into a failure, and leaves a run that finished all its cases alone.
import type fc from 'fast-check';

/** Fails a property that passed but was interrupted before `minRuns` cases; a failing property keeps fast-check's report. */
export function atLeastRuns(minRuns: number): fc.Plugin<unknown> {
  return () => ({
    onAllRunsComplete: (details) => {
      if (details.failed || !details.interrupted || details.numRuns >= minRuns) return;
      throw new Error(
        `Only ${details.numRuns} cases ran before the time limit, at least ${minRuns} wanted: a case got much slower (or this machine is far slower than a 2-core CI runner).`,
      );
    },
  });
}

/** At most `numRuns` cases, stopped after `limitMs`, and a failure when that stop came before `minRuns` cases. */
export function timeBoxed(numRuns: number, limitMs: number, minRuns: number) {
  return { numRuns, interruptAfterTimeLimit: limitMs, markInterruptAsFailure: false, plugins: [atLeastRuns(minRuns)] };
}
