// The one token alphabet of the whole tool: what `scan` matches, what token input accepts and what redaction
// hides are built from these, so a match never stops short of a token's end (a cut-off match would be asked
// about as a "dead" token) and nothing accepted as a token escapes redaction.
// Access tokens are `EAA` + letters and digits, no `-`, `_` or `=` (graph-api-facts.md, "Added after...");
// an app token is `APP_ID|SECRET` (or `APP_ID|CLIENT_TOKEN`), both parts letters and digits.

/** The characters of a token's body, as a regex character-class body. */
export const TOKEN_BODY_CLASS = 'A-Za-z0-9';
/** User, Page and system-user tokens start with this. */
export const ACCESS_TOKEN_PREFIX = 'EAA';
/** The shortest body after EAA taken for a token (real ones are ~150-250). */
export const MIN_ACCESS_TOKEN_BODY = 20;
/** Longer than any Graph token (user tokens are ~200 characters, app tokens `id|secret` under 60). */
export const MAX_TOKEN_LENGTH = 4096;

/** Every character a token given to fbtok may hold: the body class and the app token's `|`. */
export const TOKEN_TEXT_RE = new RegExp(`^[${TOKEN_BODY_CLASS}|]+$`);
/** For messages: which characters those are. */
export const TOKEN_CHARACTERS = 'letters, digits and the | of an app token';

/** An access token anywhere in text, not glued to more token characters on either side. */
export function accessTokenPattern(): RegExp {
  return new RegExp(`(?<![${TOKEN_BODY_CLASS}])${ACCESS_TOKEN_PREFIX}[${TOKEN_BODY_CLASS}]{${MIN_ACCESS_TOKEN_BODY},}(?![${TOKEN_BODY_CLASS}])`, 'g');
}

/** True when `c` (one character) may be part of a token. */
export function isTokenCharacter(c: string): boolean {
  return TOKEN_TEXT_RE.test(c);
}
