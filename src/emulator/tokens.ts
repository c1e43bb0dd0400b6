// Token records and their validity rules (190 subcodes from
// https://developers.facebook.com/docs/facebook-login/guides/access-tokens/debugging-and-error-handling).
import { randomBytes } from 'node:crypto';

export type TokenType = 'USER' | 'PAGE' | 'SYSTEM_USER';

export interface TokenRecord {
  token: string;
  type: TokenType;
  /** The person or system user behind the token. */
  userId: string;
  pageId?: string;
  scopes: string[];
  issuedAt: number;
  /** Unix seconds; 0 = never expires. */
  expiresAt: number;
  longLived: boolean;
  dataAccessExpiresAt: number;
  /** For Page tokens: the user token they were derived from. */
  parent?: string;
  revoked?: { subcode: number };
  authType?: string;
}

export interface TokenProblem { subcode: number; message: string }

export const SHORT_LIVED_SECONDS = 3600;
export const LONG_LIVED_SECONDS = 5_184_000;
export const DATA_ACCESS_SECONDS = 7_776_000;

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[bytes[i] % 62];
  return out;
}

/** Looks like a real Graph token: `EAA` and ~150 base62 characters. */
export function newTokenString(): string {
  return 'EAA' + randomBase62(148 + (randomBytes(1)[0] % 8));
}

function fbDate(seconds: number): string {
  return new Date(seconds * 1000).toUTCString().replace('GMT', 'UTC');
}

export function problemMessage(subcode: number, appId: string, expiresAt = 0, nowSec = 0): string {
  const prefix = 'Error validating access token: ';
  switch (subcode) {
    case 458: return `${prefix}The user has not authorized application ${appId}.`;
    case 459: return `${prefix}You cannot access the app till you log in to www.facebook.com and follow the instructions given.`;
    case 460: return `${prefix}The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.`;
    case 463: return `${prefix}Session has expired on ${fbDate(expiresAt)}. The current time is ${fbDate(nowSec)}.`;
    case 464: return `${prefix}Sessions for the user are not allowed because the user is not a confirmed user.`;
    case 466: return `${prefix}The session was invalidated explicitly using an API call.`;
    case 492: return `${prefix}The session is invalid because the user is no longer an admin of the Page.`;
    case 493: return `${prefix}Data access has expired for this user.`;
    default: return `${prefix}The session is invalid because the user logged out.`;
  }
}

export interface ValidityView {
  appId: string;
  nowSec: number;
  tokens: Map<string, TokenRecord>;
  hasRole(pageId: string): boolean;
}

/** Why a token no longer works, or null. Page tokens also die with their user token's revocation. */
export function tokenProblem(view: ValidityView, rec: TokenRecord): TokenProblem | null {
  const msg = (subcode: number) => ({ subcode, message: problemMessage(subcode, view.appId, rec.expiresAt, view.nowSec) });
  if (rec.revoked) return msg(rec.revoked.subcode);
  if (rec.type === 'PAGE') {
    const parent = rec.parent ? view.tokens.get(rec.parent) : undefined;
    if (parent?.revoked) return msg(parent.revoked.subcode);
    if (rec.pageId && !view.hasRole(rec.pageId)) return msg(492);
  }
  if (rec.expiresAt !== 0 && view.nowSec >= rec.expiresAt) return msg(463);
  if (rec.dataAccessExpiresAt !== 0 && view.nowSec >= rec.dataAccessExpiresAt) return msg(493);
  return null;
}
