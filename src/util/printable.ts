/**
 * Text from outside (a user or Page name from Facebook) made safe to show: no control characters reach the
 * terminal (they could move the cursor or rewrite what a question says), and no name fills the screen.
 */
export function printable(text: string, max = 80): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
