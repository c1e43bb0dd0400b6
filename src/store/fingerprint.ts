import { createHash } from 'node:crypto';

/** A short SHA-256 prefix of a secret: safe to show, log and compare, never enough to use the token. */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12);
}
