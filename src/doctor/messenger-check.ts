// Messenger readiness of each stored Page: the Page token carries pages_messaging, the user has the
// MESSAGING task, and the app is subscribed to the Page's webhooks with the wanted fields. The user token needs
// pages_show_list and pages_manage_metadata. Webhooks arrive only for fields subscribed both on the Page and
// in the app's webhook settings. https://developers.facebook.com/docs/messenger-platform/webhooks
// https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps
import type { GraphClient } from '../graph/types.js';
import type { TokenInfo } from '../graph/debug-token.js';
import { getSubscribedApps, subscribeApp } from '../graph/subscriptions.js';
import { isGraphError, isTokenError } from '../graph/graph-error.js';
import type { TokenRecord } from '../store/token-store.js';
import { mapBounded } from '../store/bounded.js';
import { ExitCode } from '../errors.js';
import { fail, failFromError, ok, skip, warn, type Finding } from './finding.js';

export const PAGE_SCOPE = 'pages_messaging';
export const USER_SCOPES = ['pages_show_list', 'pages_manage_metadata'] as const;
export const MESSAGING_TASK = 'MESSAGING';
/** subscribed_apps calls in flight at once (each Page has its own token, so they cannot share one call). */
export const PAGE_CONCURRENCY = 8;

export interface MessengerCheckOptions {
  records: TokenRecord[];
  /** debug_token answers by record name; records without one are judged by their stored scopes. */
  live: Map<string, TokenInfo>;
  secrets: Map<string, string>;
  /** Tokens the token check failed (by name: why); their Messenger checks are skipped, not judged. */
  unusable?: Map<string, string>;
  appId?: string;
  /** Webhook fields the app must be subscribed to on every Page (default messages). */
  fields: string[];
  /** Subscribe the app where fields are missing (POST /{page-id}/subscribed_apps), then look again. */
  fix: boolean;
  /** Set: check the subscriptions online. Otherwise `offlineReason` says why not. */
  graph?: GraphClient;
  offlineReason?: string;
  concurrency?: number;
  /** false: Facebook refuses the app secret, so Page calls go without an appsecret_proof signed with it. */
  proof?: boolean;
  /** The fix for permissions a token lacks, from its cause (/me/permissions); undefined: the generic fix. */
  explain?: (missing: string[], pageToken: boolean) => Promise<string | undefined>;
}

export async function checkMessenger(opts: MessengerCheckOptions): Promise<Finding[]> {
  const pages = opts.records.filter((r) => r.type === 'PAGE' && r.subjectId);
  const findings = await checkUserScopes(opts);
  if (pages.length === 0) {
    findings.push(warn('messenger', 'no Page tokens stored, so no Page to check for Messenger', 'Run `fbtok page-tokens` (with a user token that has pages_show_list).'));
    return findings;
  }
  if (!opts.graph || !opts.appId) {
    findings.push(skip('messenger.webhooks', `webhook subscriptions not checked: ${opts.appId ? opts.offlineReason ?? 'offline' : 'no app id'}${opts.fix ? '; --fix-subscriptions subscribed no Page' : ''}`));
  }
  const perPage = await mapBounded(pages, opts.concurrency ?? PAGE_CONCURRENCY, (page) => checkPage(page, opts));
  return [...findings, ...perPage.flat()];
}

/** What debug_token says, unless the token is dead (a dead token reports no scopes): then the record's. */
function scopesOf(r: TokenRecord, live: Map<string, TokenInfo>): string[] {
  const info = live.get(r.name);
  return info?.valid ? info.scopes : r.scopes;
}

/**
 * Why a token's Messenger checks cannot say anything: the token check already failed it (its scopes are the
 * record's, not Facebook's, and no Page call can be made with it). undefined when it is usable.
 */
function unusableReason(r: TokenRecord, opts: MessengerCheckOptions): string | undefined {
  return opts.unusable?.get(r.name) ?? (opts.live.get(r.name)?.valid === false ? 'is not valid' : undefined);
}

function checkUserScopes(opts: MessengerCheckOptions): Promise<Finding[]> {
  const users = opts.records.filter((r) => r.type === 'USER');
  return Promise.all(users.map(async (u) => {
    const unusable = unusableReason(u, opts);
    if (unusable) return skip(`messenger ${u.name}`, `not checked: the user token ${unusable} (see \`token ${u.name}\`)`);
    const missing = USER_SCOPES.filter((s) => !scopesOf(u, opts.live).includes(s));
    if (missing.length === 0) return ok(`messenger ${u.name}`, `user token has ${USER_SCOPES.join(', ')}`);
    const remedy = (await opts.explain?.([...missing], false)) ?? loginRemedy(missing, 'these Pages');
    return fail(`messenger ${u.name}`, `user token lacks ${missing.join(', ')}: Page tokens ${missing.includes('pages_show_list') ? 'cannot be listed' : 'cannot manage webhook subscriptions'}`, remedy, ExitCode.missingPermission);
  }));
}

function loginRemedy(scopes: readonly string[], pages: string): string {
  return `Add ${scopes.join(', ')} to the scopes (\`fbtok config set scopes ...\`), run \`fbtok login\` selecting ${pages}, then \`fbtok page-tokens\`.`;
}

function labelOf(page: TokenRecord): string {
  return page.subjectName ? `${page.subjectName} (${page.subjectId})` : page.subjectId!;
}

async function checkPage(page: TokenRecord, opts: MessengerCheckOptions): Promise<Finding[]> {
  const check = `messenger ${page.name}`;
  const label = labelOf(page);
  const unusable = unusableReason(page, opts);
  const unfixed = opts.fix ? '; --fix-subscriptions could not subscribe it' : '';
  if (unusable) return [skip(check, `${label}: not checked: the Page token ${unusable} (see \`token ${page.name}\`)${unfixed}`)];
  const out: Finding[] = [];
  const checkedOnline = opts.live.get(page.name)?.valid === true;
  if (!scopesOf(page, opts.live).includes(PAGE_SCOPE)) {
    const remedy = (await opts.explain?.([PAGE_SCOPE], true)) ?? loginRemedy([PAGE_SCOPE], 'this Page');
    out.push(fail(check, `${label}: the Page token lacks ${PAGE_SCOPE}, so the bot cannot send${checkedOnline ? '' : ' (from the record)'}`, remedy, ExitCode.missingPermission));
  }
  if (!page.tasks) {
    out.push(warn(check, `${label}: the user's tasks on the Page are not recorded`, 'Run `fbtok page-tokens` to record them.'));
  } else if (!page.tasks.includes(MESSAGING_TASK)) {
    out.push(fail(check, `${label}: the user has no ${MESSAGING_TASK} task on the Page (has ${page.tasks.join(', ') || 'none'})`, 'A Page admin gives the user the Messaging task (Page settings > Page access), then run `fbtok page-tokens`.', ExitCode.missingPermission));
  }
  const webhooks = await checkWebhooks(page, label, check, opts);
  out.push(webhooks);
  if (out.every((f) => f.status === 'ok')) {
    return [ok(check, `${label}: ${PAGE_SCOPE}, ${MESSAGING_TASK} task; ${webhooks.message.replace(`${label}: `, '')}`)];
  }
  if (out.every((f) => f.status === 'ok' || f.status === 'skip')) {
    // Nothing failed, but not everything could be looked at: never "ok" for what was not checked.
    const what = checkedOnline ? 'the Page token has' : 'the record says the Page token has';
    return [skip(check, `${label}: ${what} ${PAGE_SCOPE} and the user the ${MESSAGING_TASK} task; ${webhooks.message.replace(`${label}: `, '')}`)];
  }
  return out;
}

/** A finding for the Page's webhook subscription: checked (and fixed), or skipped with the reason. */
async function checkWebhooks(page: TokenRecord, label: string, check: string, opts: MessengerCheckOptions): Promise<Finding> {
  const token = opts.secrets.get(page.name);
  const unfixed = opts.fix ? ' (--fix-subscriptions could not subscribe it)' : '';
  if (!opts.graph || !opts.appId || !token) {
    const why = !opts.appId ? 'no app id' : !token ? 'no Page token secret' : opts.offlineReason ?? 'offline';
    return skip(check, `${label}: webhook subscription not checked: ${why}${unfixed}`);
  }
  const target = { pageId: page.subjectId!, pageToken: token, proof: opts.proof };
  try {
    let fields = await subscribedFields(opts.graph, target, opts.appId);
    let missing = opts.fields.filter((f) => !fields?.includes(f));
    if (missing.length === 0) return ok(check, `${label}: app subscribed to ${fields!.join(', ')}`);
    if (!opts.fix) return notSubscribed(check, label, fields, missing, opts.fields);
    // POST replaces the app's fields on the Page: keep the ones already there.
    await subscribeApp(opts.graph, { ...target, fields: [...new Set([...(fields ?? []), ...opts.fields])] });
    fields = await subscribedFields(opts.graph, target, opts.appId);
    missing = opts.fields.filter((f) => !fields?.includes(f));
    if (missing.length > 0) return notSubscribed(check, `${label} (after --fix-subscriptions)`, fields, missing, opts.fields);
    return ok(check, `${label}: app subscribed to ${fields!.join(', ')} (fixed now; the app's Webhooks settings must subscribe them too)`);
  } catch (error) {
    if (isTokenError(error)) {
      // debug_token did not vouch for this token (it could not run): this answer is the run's evidence.
      return fail(check, `${label}: Facebook refuses the Page token: ${error.message}${unfixed}`, error.remedy ?? 'Run `fbtok login`, then `fbtok page-tokens`.', ExitCode.tokenInvalid);
    }
    if (isGraphError(error) && error.exitCode === ExitCode.missingPermission) {
      return fail(check, `${label}: webhook subscriptions cannot be read or set: ${error.message}${unfixed}`, 'It needs a Page token of a user with the MANAGE, CREATE_CONTENT or MODERATE task on the Page, and pages_manage_metadata + pages_show_list; then `fbtok page-tokens`.', ExitCode.missingPermission);
    }
    return failFromError(check, `${label}: webhook subscriptions${unfixed}`, error);
  }
}

/** The app's subscribed fields on the Page; null when the app is not subscribed at all. */
async function subscribedFields(graph: GraphClient, target: { pageId: string; pageToken: string; proof?: boolean }, appId: string): Promise<string[] | null> {
  const apps = await getSubscribedApps(graph, target);
  return apps.find((a) => a.id === appId)?.subscribedFields ?? null;
}

function notSubscribed(check: string, label: string, fields: string[] | null, missing: string[], wanted: string[]): Finding {
  const what = fields === null ? 'the app is not subscribed to the Page\'s webhooks' : `the app is subscribed to ${fields.join(', ') || 'no fields'} but not ${missing.join(', ')}`;
  return fail(
    check,
    `${label}: ${what}, so no messages reach the bot`,
    `Run \`fbtok doctor --fix-subscriptions --fields ${wanted.join(',')}\`; the app's Webhooks settings must subscribe the same fields.`,
    // A set-up step left undone, not a permission the token lacks: exit 2 (configuration), which the fix repairs.
    ExitCode.usage,
  );
}
