// Runs every doctor check in order of cause (config, store, Graph, clock, tokens, Messenger), each on what the
// earlier ones found, and returns the findings with the exit code they add up to. Prints nothing.
import { appTokenFor } from '../graph/oauth.js';
import { listPermissions, type Permission } from '../graph/permissions.js';
import type { TokenInfo } from '../graph/debug-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { diagnoseMissing, remedyOf } from '../tokens/diagnose-permissions.js';
import type { Context } from '../context.js';
import type { ProfileConfig } from '../config/profile.js';
import type { GraphClient } from '../graph/types.js';
import { checkConfig, type AppSecretSource } from './config-check.js';
import { checkStore, type DoctorFs } from './store-check.js';
import { probeGraph, type CredentialsState } from './clock-check.js';
import { checkTokens } from './token-check.js';
import { checkMessenger } from './messenger-check.js';
import { failFromError, ok, skip, warn, worstExitCode, type Finding } from './finding.js';

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
  let offlineReason: string | undefined = 'no Graph client';
  try {
    graph = await deps.graph();
  } catch (error) {
    graphFindings.push(failFromError('graph.reachable', 'The Graph client cannot be set up (FBTOK_GRAPH_URL?)', error));
  }
  let reachable = false;
  let credentials: CredentialsState = 'unknown';
  if (graph) {
    const probe = await probeGraph({ graph, clock: deps.clock, appId: config.appId, appToken, secretFromEnv: source === 'environment' });
    graphFindings.push(...probe.findings);
    ({ credentials } = probe);
    reachable = probe.reachable || probe.failing;
    offlineReason = !reachable ? 'Graph is unreachable' : !appToken ? 'no app id or app secret' : OFFLINE_BECAUSE[credentials];
  }
  // debug_token needs the app token: not when Facebook refused it, nor while rate-limited (more calls extend
  // the block). A probe that met a 5xx proves nothing either way, so the batched check is still tried.
  const tokenGraph = graph && reachable && appToken && (credentials === 'valid' || credentials === 'unknown') ? graph : undefined;

  const findings: Finding[] = [];
  if (stored.store && stored.vault) {
    const tokens = await checkTokens({ store: stored.store, vault: stored.vault, nowMs: now(), appId: config.appId, graph: tokenGraph, appToken, offlineReason: tokenGraph ? undefined : offlineReason });
    if (tokens.checkedOnline) reconcile(graphFindings);
    // Webhook checks need only the Page tokens: they run whatever the app token does, while Graph answers
    // (not while rate-limited: every further call extends the block).
    const pageGraph = reachable && credentials !== 'rate-limited' ? graph : undefined;
    const messenger = await checkMessenger({
      records: stored.vault.records, live: tokens.live, secrets: tokens.secrets, unusable: tokens.unusable, appId: config.appId,
      fields: opts.fields, fix: opts.fixSubscriptions, graph: pageGraph, offlineReason: pageGraph ? undefined : offlineReason,
      explain: pageGraph ? permissionExplainer(pageGraph, stored.vault.records, tokens, config.scopes) : undefined,
      // A proof signed with a secret Facebook refuses would be refused too; without one, the call shows the rest.
      proof: credentials === 'rejected' ? false : undefined,
    });
    findings.push(...tokens.findings, ...messenger);
  } else {
    findings.push(skip('tokens', 'not checked: the store cannot be read'), skip('messenger', 'not checked: the store cannot be read'));
  }
  // The app's credentials belong with the config; the probe found them out.
  const credentialFindings = graphFindings.filter((f) => f.check === 'config.app-credentials');
  const network = graphFindings.filter((f) => f.check !== 'config.app-credentials');
  const all = [...configFindings, ...credentialFindings, ...stored.findings, ...network, ...findings];
  return { findings: all, exitCode: worstExitCode(all) };
}

/** The cause of a missing permission from the user's /me/permissions, read once for the run (stored `user`). */
function permissionExplainer(graph: GraphClient, records: TokenRecord[], tokens: { secrets: Map<string, string>; live: Map<string, TokenInfo>; unusable: Map<string, string> }, configured: string[]) {
  const user = records.find((r) => r.name === 'user' && r.type === 'USER');
  const userToken = user && !tokens.unusable.has('user') ? tokens.secrets.get('user') : undefined;
  let permissions: Promise<Permission[] | null> | undefined;
  return async (missing: string[], pageToken: boolean): Promise<string | undefined> => {
    if (!userToken) return undefined;
    permissions ??= listPermissions(graph, { userToken }).catch(() => null);
    const found = await permissions;
    if (!found) return undefined;
    const userScopes = tokens.live.get('user')?.valid ? tokens.live.get('user')!.scopes : user!.scopes;
    return remedyOf(diagnoseMissing({ missing, permissions: found, userScopes, pageToken, configuredScopes: configured }));
  };
}

const OFFLINE_BECAUSE: Record<CredentialsState, string | undefined> = {
  valid: undefined,
  unknown: undefined,
  rejected: 'Facebook refuses the app credentials (see config.app-credentials)',
  'rate-limited': 'Facebook is rate-limiting the app',
};

/**
 * The batched debug_token, signed with the app token, was answered after the probe failed: the run's own
 * evidence says Graph answers and the credentials work, so the probe's verdicts must not say otherwise.
 */
function reconcile(findings: Finding[]): void {
  findings.forEach((f, i) => {
    if (f.check === 'config.app-credentials' && f.status !== 'ok') findings[i] = ok(f.check, 'Facebook accepts the app token (the batched debug_token signed with it was answered)');
    if (f.check === 'graph.reachable' && f.status === 'fail') findings[i] = warn(f.check, `${f.message.replace(/\.$/, '')}; later calls were answered`, 'If it happens again, check https://metastatus.com and the network.');
  });
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
