// The global options' names, environment variables and defaults, and their validation: shared by the
// commander program (program.ts) and the runs that skip it (direct.ts), so both read the same settings.
import type { Env, GlobalOptions } from './context.js';
import { UsageError } from './errors.js';
import { validateProfileName } from './config/profile.js';
import { readDefaultProfile } from './config/default-profile.js';
import { resolvePaths } from './config/paths.js';

/** Global options that take a value: the environment variable each falls back to, and its default. */
export const GLOBAL_VALUE_OPTIONS = {
  // No default here: without --profile or FBTOK_PROFILE, the saved default (`fbtok profile use`), else 'default'.
  profile: { env: 'FBTOK_PROFILE', default: undefined },
  timeout: { env: 'FBTOK_TIMEOUT', default: '30' },
  // Seconds; the same as graph/policy.ts DEFAULT_MAX_WAIT_MS (not imported: start-up loads this module).
  maxWait: { env: 'FBTOK_MAX_WAIT', default: '300' },
  graphVersion: { env: 'FBTOK_GRAPH_VERSION', default: undefined },
  store: { env: 'FBTOK_STORE', default: undefined },
} as const;

export type RawGlobals = Record<string, unknown>;

/** What commander yields for the global options when none is given on the command line. */
export function globalsFromEnv(env: Env): RawGlobals {
  const raw: RawGlobals = { json: false, verbose: false };
  for (const [key, spec] of Object.entries(GLOBAL_VALUE_OPTIONS)) raw[key] = env[spec.env] ?? spec.default;
  return raw;
}

/**
 * The raw values when commander parsed the command line: a flag given there wins, else the environment, else
 * the default. The environment is the run's (main's deps.env), not commander's own read of process.env.
 */
export function globalsFromCommandLine(opts: RawGlobals, givenOnCommandLine: (key: string) => boolean, env: Env): RawGlobals {
  const raw: RawGlobals = { ...opts, ...globalsFromEnv(env), json: opts.json, verbose: opts.verbose };
  for (const key of Object.keys(GLOBAL_VALUE_OPTIONS)) if (givenOnCommandLine(key)) raw[key] = opts[key];
  return raw;
}

/** Validates the raw option values (flags, environment, defaults) into GlobalOptions. */
export function parseGlobals(opts: RawGlobals, env: Env): GlobalOptions {
  return {
    profile: validateProfileName(String(opts.profile ?? readDefaultProfile(resolvePaths(env).configDir) ?? 'default')),
    json: Boolean(opts.json),
    verbose: Boolean(opts.verbose),
    timeoutMs: positiveSeconds(String(opts.timeout), '--timeout') * 1000,
    maxWaitMs: positiveSeconds(String(opts.maxWait), '--max-wait', true) * 1000,
    graphVersion: opts.graphVersion as string | undefined,
    store: opts.store as string | undefined,
    color: opts.color !== false && env.NO_COLOR === undefined && !env.CI,
  };
}

function positiveSeconds(text: string, flag: string, allowZero = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0) || value > 86_400) {
    throw new UsageError(`Invalid ${flag} "${text}".`, `Give a number of seconds, for example ${flag} 30.`);
  }
  return value;
}
