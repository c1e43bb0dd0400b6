// Which environment variables `fbtok exec` sets, from --env flags and a dotenv file of references.
import { UsageError } from '../errors.js';
import { validateProfileName } from '../config/profile.js';
import { TOKEN_NAME_PATTERN } from '../tokens/token-record.js';
import { sanitize } from '../io/sanitize.js';

/** A stored token, in this profile or (from `fbtok://<profile>/<name>`) another one. */
export interface TokenRef {
  /** Undefined = the current profile. */
  profile?: string;
  name: string;
}

export interface EnvPlan {
  /** Variable name → the token it gets. */
  tokens: Map<string, TokenRef>;
  /** Variables of the env file that are not references: passed through unchanged. */
  plain: Record<string, string>;
}

export const REFERENCE_PREFIX = 'fbtok://';
const ENV_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks a variable name given to --env or --app-secret-env (exit 2 when malformed). */
export function validateEnvName(name: string, flag: string): string {
  if (!ENV_NAME_RE.test(name)) {
    throw new UsageError(
      `Invalid variable name "${sanitize(name, { max: 40 })}" in ${sanitize(flag)}.`,
      'Use letters, digits and underscores, not starting with a digit (for example PAGE_ACCESS_TOKEN).',
      'INVALID_ENV',
    );
  }
  return name;
}

/** `--env NAME=TOKEN-NAME` (or `NAME=fbtok://[profile/]TOKEN-NAME`). */
export function parseEnvFlag(spec: string): { envName: string; ref: TokenRef } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) {
    throw new UsageError(
      `Invalid --env "${sanitize(spec, { max: 60 })}": expected NAME=TOKEN-NAME.`,
      'For example: --env PAGE_ACCESS_TOKEN=page:1234567890 (see `fbtok token list` for names).',
      'INVALID_ENV',
    );
  }
  const envName = validateEnvName(spec.slice(0, eq), '--env');
  const value = spec.slice(eq + 1);
  const ref = value.startsWith(REFERENCE_PREFIX) ? parseReference(value, '--env') : { name: validateTokenName(value, '--env') };
  return { envName, ref };
}

/** `fbtok://page:123` or `fbtok://work/page:123`. */
export function parseReference(value: string, where: string): TokenRef {
  const body = value.slice(REFERENCE_PREFIX.length);
  const slash = body.indexOf('/');
  if (slash === -1) return { name: validateTokenName(body, where) };
  const profile = body.slice(0, slash);
  try {
    validateProfileName(profile);
  } catch {
    throw new UsageError(`Invalid profile "${sanitize(profile, { max: 40 })}" in the reference in ${sanitize(where)}.`, 'Write fbtok://<profile>/<token-name>, for example fbtok://work/page:123.', 'INVALID_ENV');
  }
  return { profile, name: validateTokenName(body.slice(slash + 1), where) };
}

function validateTokenName(name: string, where: string): string {
  if (!TOKEN_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `Invalid token name "${sanitize(name, { max: 40 })}" in ${sanitize(where)}.`,
      'Use a stored name such as user, page:<page-id> or system-user:<id> (see `fbtok token list`).',
      'INVALID_ENV',
    );
  }
  return name;
}

/** Splits a parsed dotenv file into references and plain values. */
export function planFromEnvFile(parsed: Record<string, string>, fileName: string): EnvPlan {
  const plan: EnvPlan = { tokens: new Map(), plain: {} };
  for (const [key, value] of Object.entries(parsed)) {
    if (value.startsWith(REFERENCE_PREFIX)) plan.tokens.set(validateEnvName(key, fileName), parseReference(value, `${fileName} (${key})`));
    else plan.plain[key] = value;
  }
  return plan;
}

/** The env file first, then each --env, later ones winning. */
export function buildEnvPlan(envFile: EnvPlan | undefined, envFlags: string[]): EnvPlan {
  const plan: EnvPlan = { tokens: new Map(envFile?.tokens ?? []), plain: { ...(envFile?.plain ?? {}) } };
  for (const spec of envFlags) {
    const { envName, ref } = parseEnvFlag(spec);
    delete plan.plain[envName];
    plan.tokens.set(envName, ref);
  }
  return plan;
}

export function refLabel(ref: TokenRef): string {
  return ref.profile ? `${ref.profile}/${ref.name}` : ref.name;
}
