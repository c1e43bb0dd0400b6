// PKCE (RFC 7636): the verifier stays in this process; only its S256 challenge goes to the dialog, so a
// code intercepted on the way back (another local process, a browser extension) cannot be exchanged.
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  /** Secret: sent only in the code exchange, never printed. */
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** 32 random bytes give a 43-character base64url verifier, the shortest RFC 7636 allows (256 bits). */
export function createPkce(random: (size: number) => Buffer = randomBytes): Pkce {
  const verifier = random(32).toString('base64url');
  return { verifier, challenge: challengeFor(verifier), method: 'S256' };
}

/** BASE64URL(SHA256(ASCII(verifier))) without padding (RFC 7636 section 4.2). */
export function challengeFor(verifier: string): string {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) {
    throw new Error('A PKCE verifier is 43-128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636 section 4.1).');
  }
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
