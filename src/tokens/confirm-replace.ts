// Asking before a stored token is replaced: `token import` over any name, `exchange-long-lived --save` over
// a token of another kind or another user. Without a terminal it is a usage error naming --force.
import type { Context } from '../context.js';
import { CancelledError, needsInput } from '../errors.js';
import type { TokenRecord } from '../store/token-store.js';

export interface ConfirmReplaceOptions {
  name: string;
  /** What the name holds now, for the question: 'a token', 'a PAGE token (Shop, 123)'. */
  holds?: string;
  /** The flag that picks another name: --name (token import), --save (exchange-long-lived). */
  nameFlag: string;
  /** Nothing is changed when the user says no: this ends the message. */
  nothingDone: string;
}

/** Resolves when the user agrees; throws exit 2 without a terminal, exit 130 on "no". */
export async function confirmReplace(ctx: Context, opts: ConfirmReplaceOptions): Promise<void> {
  const { name } = opts;
  const holds = opts.holds ?? 'a token';
  const howTo = `Pass --force to replace "${name}" (its token is kept as the previous one), or ${opts.nameFlag} to store it under another name.`;
  if (!(ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) throw needsInput(`Confirmation to replace "${name}", which holds ${holds},`, howTo);
  const ok = await ctx.prompter().confirm(`"${name}" already holds ${holds}. Replace it?`, howTo, false);
  // Declining is the user's choice, not a failure of fbtok: the same exit as Ctrl-C at the question.
  if (!ok) throw new CancelledError(`Kept the existing "${name}"; ${opts.nothingDone}`);
}

/** 'a PAGE token (Shop, 123)': what a record is, for people. */
export function describeHolding(record: Pick<TokenRecord, 'type' | 'subjectId' | 'subjectName'>): string {
  const who = [record.subjectName, record.subjectId].filter(Boolean).join(', ');
  return `a ${record.type} token${who ? ` (${who})` : ''}`;
}
