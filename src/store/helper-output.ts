// What of a credential helper's output may appear in an error: never its stdout (a careless helper prints
// the secret there, maybe base64-encoded or reversed, which no redaction can recognise), only its exit
// status and one short, sanitised line of its stderr.
import { redact } from '../util/redact.js';
import { sanitize } from '../io/sanitize.js';

const MAX_LINE = 160;

/** Control characters (C0, DEL, C1 such as U+009B) shown escaped by the one sanitiser, so a helper cannot drive the terminal. */
export function escapeControls(text: string): string {
  return sanitize(text, { max: Infinity });
}

/** "exit status 1: <first non-empty stderr line>", cut short; the secret being stored is masked too. */
export function describeHelperFailure(code: number | null, signal: NodeJS.Signals | null, stderr: string, secret?: string): string {
  const status = code !== null ? `exit status ${code}` : `killed by ${signal ?? 'a signal'}`;
  let line = stderr.split(/\r?\n/).find((l) => l.trim())?.trim() ?? '';
  if (!line) return status;
  if (secret) line = line.split(secret).join('<redacted>');
  line = escapeControls(redact(line));
  if (line.length > MAX_LINE) line = `${line.slice(0, MAX_LINE - 1)}…`;
  return `${status}: ${line}`;
}
