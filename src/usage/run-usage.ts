// `fbtok usage`: reads the rate-limit figures for every stored token, keeps them for the metrics, and
// says which figure is above --fail-above.
import type { Context } from '../context.js';
import { ExitCode, FbtokError } from '../errors.js';
import { appTokenFor } from '../graph/oauth.js';
import { requireAppId, requireAppSecret } from '../tokens/app-credentials.js';
import { readUsage, type UsageRead } from './read-usage.js';
import { percentOf, saveUsage, type UsageEntry, type UsageSnapshot } from './usage-state.js';

export interface UsageOptions {
  /** Exit 12 when any figure is above this percentage. */
  failAbove?: number;
}

export interface UsageReport extends UsageSnapshot {
  failures: UsageRead['failures'];
  /** The figures above --fail-above. */
  above: UsageEntry[];
}

export async function collectUsage(opts: UsageOptions, ctx: Context): Promise<UsageReport> {
  const store = await ctx.store();
  // An app token has no `me`: the app's own usage comes back on every other call.
  const records = (await store.list()).filter((r) => r.type !== 'APP');
  const at = new Date(ctx.clock.now()).toISOString();
  if (records.length === 0) return { at, entries: [], failures: [], above: [] };
  const [appId, appSecret, secrets, graph] = await Promise.all([requireAppId(ctx), requireAppSecret(ctx), store.getSecrets(records.map((r) => r.name)), ctx.graph()]);
  const tokens = records.filter((r) => secrets.has(r.name)).map((r) => ({ name: r.name, secret: secrets.get(r.name)! }));
  const read = await readUsage(graph, { appToken: appTokenFor(appId, appSecret), appSecret, tokens });
  const entries = collapseAppUsage(read.entries);
  if (read.failures.length === tokens.length && entries.length === 0 && tokens.length > 0) {
    throw new FbtokError(`No usage figures: every call failed (first: "${read.failures[0].token}": ${read.failures[0].message}).`, {
      code: 'USAGE_UNREADABLE',
      exitCode: ExitCode.tokenInvalid,
      remedy: '`fbtok status --check` shows which tokens still work; `fbtok login` renews them.',
    });
  }
  const snapshot = { at, entries };
  await saveUsage(ctx.paths.stateDir, snapshot).catch((error: Error) => ctx.io.warn(`Could not keep the figures for the metrics: ${error.message}`));
  const above = opts.failAbove === undefined ? [] : entries.filter((e) => percentOf(e) > opts.failAbove!);
  return { ...snapshot, failures: read.failures, above };
}

/** Every call reports the app's usage: keep one X-App-Usage row, the highest. */
function collapseAppUsage(entries: UsageEntry[]): UsageEntry[] {
  const app = entries.filter((e) => e.header === 'X-App-Usage');
  const top = app.reduce<UsageEntry | undefined>((best, e) => (!best || percentOf(e) >= percentOf(best) ? e : best), undefined);
  return [...(top ? [{ ...top, token: '(app)' }] : []), ...entries.filter((e) => e.header !== 'X-App-Usage')];
}
