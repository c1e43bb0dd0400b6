// Runs every doctor check in order of cause (config, store, Graph, clock, tokens, Messenger), each on what the
// earlier ones found, and returns the findings with the exit code they add up to. Prints nothing.
import { appTokenFor } from '../graph/oauth.js';
import type { Context } from '../context.js';
import type { ProfileConfig } from '../config/profile.js';
import type { GraphClient } from '../graph/types.js';
import { checkConfig, type AppSecretSource } from './config-check.js';
import { checkStore, type DoctorFs } from './store-check.js';
import { probeGraph } from './clock-check.js';
import { checkTokens } from './token-check.js';
import { checkMessenger } from './messenger-check.js';
import { failFromError, skip, worstExitCode, type Finding } from './finding.js';

export interface DoctorOptions {
  /** Webhook fields every Page must have the app subscribed to. */
  fields: string[];
  fixSubscriptions: boolean;
}

export type DoctorDeps = Pick<Context, 'config' | 'appSecret' | 'store' | 'graph' | 'clock' | 'env'> & {
  fs?: DoctorFs;
  platform?: NodeJS.Platform;
};

export interface DoctorReport {
  findings: Finding[];
  exitCode: number;
}

export async function runDoctorChecks(deps: DoctorDeps, opts: DoctorOptions): Promise<DoctorReport> {
  let config: ProfileConfig;
  try {
    config = await deps.config();
  } catch (error) {
    const findings = [failFromError('config', 'The profile cannot be read', error), skip('everything else', 'not checked: fix the profile first')];
    return { findings, exitCode: worstExitCode(findings) };
  }
  const now = () => deps.clock.now();
  const stored = await checkStore({ openStore: deps.store, env: deps.env, now, fs: deps.fs, platform: deps.platform });
  const { secret, source } = await findAppSecret(deps, stored.store !== undefined);
  const configFindings = checkConfig({ config, appSecretSource: source, storeKind: config.storeKind, nowMs: now() });
  const appToken = config.appId && secret ? appTokenFor(config.appId, secret) : undefined;

  let graph: GraphClient | undefined;
  const graphFindings: Finding[] = [];
  let offlineReason: string | undefined;
  try {
    graph = await deps.graph();
  } catch (error) {
    graphFindings.push(failFromError('graph.reachable', 'The Graph client cannot be set up (FBTOK_GRAPH_URL?)', error));
    offlineReason = 'no Graph client';
  }
  let appTokenValid = false;
  if (graph) {
    const probe = await probeGraph({ graph, clock: deps.clock, appId: config.appId, appToken });
    graphFindings.push(...probe.findings);
    appTokenValid = probe.appTokenValid;
    offlineReason = !probe.reachable ? 'Graph is unreachable' : !appToken ? 'no app id or app secret' : !appTokenValid ? (probe.rateLimited ? 'Facebook is rate-limiting the app' : 'Facebook rejects the app token') : undefined;
  }
  const online = graph && appTokenValid ? graph : undefined;
  // The app's credentials belong with the config; the probe found them out.
  const credentials = graphFindings.filter((f) => f.check === 'config.app-credentials');
  const network = graphFindings.filter((f) => f.check !== 'config.app-credentials');

  const findings: Finding[] = [...configFindings, ...credentials, ...stored.findings, ...network];
  if (stored.store && stored.records) {
    const tokens = await checkTokens({ store: stored.store, records: stored.records, nowMs: now(), appId: config.appId, graph: online, appToken, offlineReason });
    const messenger = await checkMessenger({
      records: stored.records, live: tokens.live, secrets: tokens.secrets, unusable: tokens.unusable, appId: config.appId,
      fields: opts.fields, fix: opts.fixSubscriptions, graph: online, offlineReason,
    });
    findings.push(...tokens.findings, ...messenger);
  } else {
    findings.push(skip('tokens', 'not checked: the store cannot be read'), skip('messenger', 'not checked: the store cannot be read'));
  }
  return { findings, exitCode: worstExitCode(findings) };
}

/** FBTOK_APP_SECRET first, then the store (only when it opened: a dead keychain is reported once, by the store check). */
async function findAppSecret(deps: DoctorDeps, storeOpen: boolean): Promise<{ secret?: string; source: AppSecretSource }> {
  if (deps.env.FBTOK_APP_SECRET) return { secret: await deps.appSecret(), source: 'environment' };
  if (!storeOpen) return { source: 'store-unavailable' };
  try {
    const secret = await deps.appSecret();
    return secret ? { secret, source: 'store' } : { source: 'missing' };
  } catch {
    return { source: 'store-unavailable' };
  }
}
