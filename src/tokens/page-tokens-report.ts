// What `page-tokens` tells people on stderr beside the records: why a Page got no usable token, and which
// stored tokens were kept.
import type { Context } from '../context.js';
import type { TokenInfo } from '../graph/debug-token.js';
import type { ManagedPage } from '../graph/pages.js';
import type { TokenRecord } from '../store/token-store.js';
import { isLongLived } from './token-record.js';
import { formatTimeLeft } from '../util/duration.js';

const MAX_NAMED = 5;

export function reportKept(ctx: Context, kept: TokenRecord[], newExpiresAt: number | null, now: number): void {
  const list = names(kept.map((r) => ({ id: r.subjectId ?? r.name, name: r.subjectName ?? '' })));
  const one = kept.length === 1;
  const verb = one ? 'expires' : 'expire';
  const when = kept.every((r) => r.expiresAt === null) ? `never ${verb}` : `${verb} later`;
  ctx.io.warn(
    `Kept ${kept.length} stored Page token${one ? '' : 's'} that ${when} (the new ${one ? 'one' : 'ones'} would expire in ${formatTimeLeft(newExpiresAt, now)}): ${list}. Pass --force to replace ${one ? 'it' : 'them'} anyway.`,
  );
}

/** Not a warning: the usual outcome of a re-run when Facebook hands out new strings for the same Pages. */
export function reportUnchanged(ctx: Context, unchanged: TokenRecord[]): void {
  const one = unchanged.length === 1;
  ctx.io.err(`Kept ${unchanged.length} stored Page token${one ? '' : 's'} that still ${one ? 'works' : 'work'} and never ${one ? 'expires' : 'expire'} (nothing to write; --force stores the new ${one ? 'one' : 'ones'}).`);
}

/** `messagingFix`: the diagnosed fix when the user token itself lacks pages_messaging (declined, never asked...). */
export function warnAbout(ctx: Context, user: TokenInfo, pages: ManagedPage[], records: TokenRecord[], now: number, messagingFix?: string): void {
  if (!isLongLived(user, now)) {
    ctx.io.warn(`The user token is short-lived (${formatTimeLeft(user.expiresAt, now)} left): these Page tokens expire with it. Fix: \`fbtok exchange-long-lived\`, then \`fbtok page-tokens\` again (Page tokens from a long-lived user token never expire).`);
  }
  const noToken = pages.filter((p) => p.accessToken === null);
  if (noToken.length > 0) ctx.io.warn(`Facebook gave no token for ${names(noToken)}: the user's tasks there do not allow one.`);
  const noTask = pages.filter((p) => p.accessToken !== null && !p.tasks.includes('MESSAGING'));
  if (noTask.length > 0) {
    ctx.io.warn(`No MESSAGING task on ${names(noTask)}: a Messenger bot on ${noTask.length === 1 ? 'it' : 'them'} will fail. Fix: a Page admin gives the user the Messaging task (Page settings > Page access).`);
  }
  const noScope = records.filter((r) => !r.scopes.includes('pages_messaging'));
  if (noScope.length > 0) {
    const pageList = noScope.map((r) => ({ id: r.subjectId ?? '?', name: r.subjectName ?? '' }));
    const fix = messagingFix ?? `\`fbtok login\` with pages_messaging in the scopes, selecting ${noScope.length === 1 ? 'this Page' : 'these Pages'}, then \`fbtok page-tokens\`.`;
    ctx.io.warn(`pages_messaging is not granted for ${names(pageList)}: a Messenger bot there will fail. Fix: ${fix}`);
  }
}

/** "Name (id), ..." for up to five Pages, then how many more. */
export function names(pages: Array<{ id: string; name: string }>): string {
  const shown = pages.slice(0, MAX_NAMED).map((p) => (p.name ? `${p.name} (${p.id})` : p.id));
  return pages.length > MAX_NAMED ? `${shown.join(', ')} and ${pages.length - MAX_NAMED} more Pages` : shown.join(', ');
}
