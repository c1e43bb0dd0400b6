import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Tests drive real processes (the CLI, gnome-keyring, Chromium, shells) over loopback, on 2 cores that
    // may be shared. Each operation carries its own bound (runCli kills the CLI at 20 s, the CI recipes'
    // shells at 60 s, completion's shells at 30 s, npm at 3 min), and a test runs several in a row; vitest's
    // timeout is only the net under those, never tighter than their sum, so a slow run fails on its own
    // bound with its own message. A test whose operations add up to more says so itself.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    maxWorkers: 3,
  },
});
