// Config and profile: the app id, the app secret, and whether the chosen Graph API version is supported.
// Versions and end dates: /work/shared/graph-api-facts.md, https://developers.facebook.com/docs/graph-api/changelog
import type { ProfileConfig } from '../config/profile.js';
import { ExitCode } from '../errors.js';
import { fail, ok, skip, warn, type Finding } from './finding.js';

export interface GraphVersion {
  version: string;
  released: string;
  /** The last day it is available; for the newest one Meta promises "at least two years". */
  until: string;
  untilIsMinimum?: boolean;
}

export const GRAPH_VERSIONS: readonly GraphVersion[] = [
  { version: 'v23.0', released: '2025-05-29', until: '2027-10-08' },
  { version: 'v24.0', released: '2025-10-08', until: '2028-02-18' },
  { version: 'v25.0', released: '2026-02-18', until: '2028-07-29' },
  { version: 'v26.0', released: '2026-07-29', until: '2028-07-29', untilIsMinimum: true },
];

/** Warn this long before a version's end date. */
export const VERSION_WARN_DAYS = 90;
const DAY_MS = 86_400_000;

/** Where the app secret came from, as run-doctor found it. */
export type AppSecretSource = 'environment' | 'store' | 'missing' | 'store-unavailable';

export interface ConfigCheckOptions {
  config: ProfileConfig;
  appSecretSource: AppSecretSource;
  storeKind: string;
  nowMs: number;
}

export function checkConfig(opts: ConfigCheckOptions): Finding[] {
  return [checkAppId(opts.config), checkAppSecret(opts), checkGraphVersion(opts.config.graphVersion, opts.nowMs)];
}

function checkAppId(config: ProfileConfig): Finding {
  const check = 'config.app-id';
  if (!config.appId) {
    return fail(check, `No app id for profile "${config.profile}".`, 'Set FBTOK_APP_ID, or run `fbtok config set app-id <id>` (the number at the top of the app dashboard).', ExitCode.usage);
  }
  if (!/^\d{5,25}$/.test(config.appId)) {
    return fail(check, `The app id "${config.appId.slice(0, 40)}" is not a number.`, 'Copy the App ID from the top of the app dashboard: `fbtok config set app-id <id>`.', ExitCode.usage);
  }
  return ok(check, `app id ${config.appId} (profile "${config.profile}")`);
}

function checkAppSecret(opts: ConfigCheckOptions): Finding {
  const check = 'config.app-secret';
  switch (opts.appSecretSource) {
    case 'environment':
      return ok(check, 'app secret set (FBTOK_APP_SECRET)');
    case 'store':
      return ok(check, `app secret set (in the ${opts.storeKind} store)`);
    case 'store-unavailable':
      return skip(check, 'not in FBTOK_APP_SECRET, and the store cannot be read (see store.reachable)');
    case 'missing':
      return fail(
        check,
        `No app secret for profile "${opts.config.profile}": debug_token, exchanges and appsecret_proof need it.`,
        'Set FBTOK_APP_SECRET, or pipe it in: printf %s "$SECRET" | fbtok config set app-secret --stdin (App settings > Basic).',
        ExitCode.usage,
      );
  }
}

const UPGRADE = `Pin a supported version: \`fbtok config set graph-version ${GRAPH_VERSIONS[GRAPH_VERSIONS.length - 1].version}\` (or --graph-version), after checking the changelog for breaking changes.`;

/** ok inside the support window; warn near or past its end, or for a version newer than fbtok knows; fail when older than any known. */
export function checkGraphVersion(version: string, nowMs: number): Finding {
  const check = 'config.graph-version';
  const known = GRAPH_VERSIONS.find((v) => v.version === version);
  if (!known) return unknownVersion(check, version);
  const released = Date.parse(`${known.released}T00:00:00Z`);
  const end = Date.parse(`${known.until}T00:00:00Z`);
  const until = `${known.untilIsMinimum ? 'at least until' : 'until'} ${known.until}`;
  if (nowMs < released) return warn(check, `Graph API ${version} is not released before ${known.released}.`, UPGRADE.replace('Pin a supported', 'Pin a released'));
  if (nowMs >= end) {
    const what = known.untilIsMinimum ? `may have reached its end (promised ${until})` : `reached its end on ${known.until}`;
    return warn(check, `Graph API ${version} ${what}: Facebook answers calls to an ended version with the oldest one still available.`, UPGRADE);
  }
  const daysLeft = Math.ceil((end - nowMs) / DAY_MS);
  if (!known.untilIsMinimum && daysLeft <= VERSION_WARN_DAYS) return warn(check, `Graph API ${version} ends on ${known.until} (in ${daysLeft} days).`, UPGRADE);
  return ok(check, `Graph API ${version} (supported ${until})`);
}

function unknownVersion(check: string, version: string): Finding {
  const number = versionNumber(version);
  const oldest = versionNumber(GRAPH_VERSIONS[0].version)!;
  const newest = versionNumber(GRAPH_VERSIONS[GRAPH_VERSIONS.length - 1].version)!;
  if (number !== null && number > newest) {
    return warn(check, `Graph API ${version} is newer than the versions fbtok was built for (${GRAPH_VERSIONS[0].version} to ${GRAPH_VERSIONS[GRAPH_VERSIONS.length - 1].version}).`, 'Probably fine; if calls fail in odd ways, pin a known version with --graph-version.');
  }
  const why = number !== null && number < oldest ? 'is no longer available' : 'is not a Graph API version fbtok knows';
  return fail(check, `Graph API ${version} ${why}.`, UPGRADE, ExitCode.usage);
}

function versionNumber(version: string): number | null {
  const m = /^v(\d+)\.(\d+)$/.exec(version);
  return m ? Number(m[1]) + Number(m[2]) / 100 : null;
}
