// Facebook's error messages end with a full stop; fbtok's sentences often go on after quoting one.

/** The text without its final full stop, to be followed by more of a sentence: "...logged out" + ". The program". */
export function clause(text: string): string {
  return text.trimEnd().replace(/\.+$/, '');
}
