// The OAuth `state`: binds the callback to this login, so a forged or stale redirect (CSRF, another
// login attempt in another terminal) cannot hand us someone else's code.
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits; the issue asks for at least 128), base64url so it needs no escaping in a URL. */
export function createState(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}

/** Constant-time comparison: the listener answers anyone on the machine, so leak nothing through timing. */
export function stateMatches(expected: string, received: string | null | undefined): boolean {
  if (typeof received !== 'string' || expected.length === 0) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
