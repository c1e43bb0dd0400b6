// The words every --json output shares: `subjectId` for whom a token acts as, `valid` and
// `error {code, subcode, message}` for whether it works. Older keys stay beside them (README: deprecated).
import type { TokenRecord } from '../store/token-store.js';
import { stateOf } from './token-get.js';

export interface Validity {
  valid: boolean;
  error: { code: number | null; subcode: number | null; message: string } | null;
}

/** What the store knows offline: Graph's refusal when one was recorded, else expiry by the clock. */
export function validityOf(record: TokenRecord, now: number): Validity {
  if (record.invalid) return { valid: false, error: { code: record.invalid.code, subcode: record.invalid.subcode, message: record.invalid.message } };
  if (stateOf(record, now) === 'expired') return { valid: false, error: { code: null, subcode: null, message: `The token expired at ${record.expiresAt}.` } };
  return { valid: true, error: null };
}

/** A stored record as list-like commands print it: the record, then `valid` and `error`. */
export function recordJson(record: TokenRecord, now: number): TokenRecord & Validity {
  return { ...record, ...validityOf(record, now) };
}

/** The same for a record that may be absent (null stays null). */
export function jsonOrNull(record: TokenRecord | undefined, now: number): (TokenRecord & Validity) | null {
  return record ? recordJson(record, now) : null;
}
