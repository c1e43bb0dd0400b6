// Text Facebook (or whatever answers in its place) wrote: kept, but cut to a length a terminal line can
// hold. Control characters are the sanitiser's job (src/io/sanitize.ts, applied where errors are printed).

/** Longest foreign message kept whole; a 5,000-character one was once printed in full. */
export const FOREIGN_TEXT_MAX = 300;

/** The text, or its first `max` characters marked as cut. Redact before cutting: a cut must not leave half a secret. */
export function cutForeign(text: string, max = FOREIGN_TEXT_MAX): string {
  if (text.length <= max) return text;
  let end = max;
  // Never split a surrogate pair (an emoji would turn into a lone, unprintable half).
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}… [cut: ${text.length} characters in all]`;
}
