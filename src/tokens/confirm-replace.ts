// Asking before a stored token is replaced: `token import` over any name, `exchange-long-lived --save` over
// a token of another kind or another user. When stdin carried the token, the question goes to the
// controlling terminal; without any terminal it is a usage error naming --force.
import type { Context } from '../context.js';
import { CancelledError, NOTHING_CHANGED, needsInput } from '../errors.js';
import { promptInput } from '../io/controlling-terminal.js';
import type { TokenRecord } from '../store/token-store.js';
import { sanitize } from '../io/sanitize.js';

/** A name from Facebook in a question: escaped, and no longer than a line. */
const printable = (text: string) => sanitize(text.trim(), { max: 80 });

export interface ConfirmReplaceOptions {
  name: string;
  /** What the name holds now, for the question: 'a token', 'a PAGE token (Shop, 123)'. */
  holds?: string;
  /** The flag that picks another name: --name (token import), --save (exchange-long-lived). */
  nameFlag: string;
}

/** Resolves when the user agrees; throws exit 2 without a terminal, exit 130 on "no", Ctrl-C or Ctrl-D. */
export async function confirmReplace(ctx: Context, opts: ConfirmReplaceOptions): Promise<void> {
  const { name } = opts;
  const holds = opts.holds ?? 'a token';
  const howTo = `Pass --force to replace "${name}" (its token is kept as the previous one), or ${opts.nameFlag} to store it under another name.`;
  if (!promptInput(ctx.io)) throw needsInput(`Confirmation to replace "${name}", which holds ${holds},`, howTo);
  const ok = await ctx.prompter().confirm(`"${name}" already holds ${holds}. Replace it?`, howTo, false);
  // Declining is the user's choice, not a failure of fbtok: the same exit as Ctrl-C at the question.
  if (!ok) throw new CancelledError(NOTHING_CHANGED);
}

/** 'a PAGE token (Shop, 123)': what a record is, for people. */
export function describeHolding(record: Pick<TokenRecord, 'type' | 'subjectId' | 'subjectName'>): string {
  const who = [record.subjectName, record.subjectId].filter((s): s is string => Boolean(s)).map((s) => printable(s)).join(', ');
  return `a ${record.type} token${who ? ` (${who})` : ''}`;
}
