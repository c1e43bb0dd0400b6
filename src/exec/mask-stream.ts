// `fbtok exec --mask`: replaces handed-out secrets in the child's output, even when a write splits one.
import { Transform } from 'node:stream';
import { REDACTED } from '../util/redact.js';

/**
 * A streaming replacer over bytes. Each chunk is appended to what was held back, every whole
 * secret is replaced, and at most (longest secret - 1) bytes are held back: only a suffix that
 * could still grow into a secret, so a prompt without a newline is not delayed.
 */
export class SecretMasker {
  private readonly secrets: Buffer[];
  private readonly replacement: Buffer;
  private held: Buffer = Buffer.alloc(0);

  constructor(secrets: Iterable<string>, replacement = REDACTED) {
    const unique = [...new Set([...secrets].filter((s) => s.length > 0))];
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = unique.map((s) => Buffer.from(s, 'utf8')).sort((a, b) => b.length - a.length);
    this.replacement = Buffer.from(replacement, 'utf8');
  }

  /** Masks a chunk; returns what can be written now. */
  write(chunk: Buffer): Buffer {
    const data = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    const { out, rest } = this.mask(data);
    const keep = this.heldSuffixStart(data, rest);
    this.held = Buffer.from(data.subarray(keep));
    return Buffer.concat([out, data.subarray(rest, keep)]);
  }

  /** The end of the stream: whatever was held back, masked. */
  end(): Buffer {
    const data = this.held;
    this.held = Buffer.alloc(0);
    const { out, rest } = this.mask(data);
    return Buffer.concat([out, data.subarray(rest)]);
  }

  /** Replaces every whole secret; `rest` is where the unmasked remainder starts (after the last match). */
  private mask(data: Buffer): { out: Buffer; rest: number } {
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      const next = this.nextMatch(data, pos);
      if (!next) break;
      parts.push(data.subarray(pos, next.start), this.replacement);
      pos = next.start + next.length;
    }
    return { out: Buffer.concat(parts), rest: pos };
  }

  private nextMatch(data: Buffer, from: number): { start: number; length: number } | undefined {
    let best: { start: number; length: number } | undefined;
    for (const secret of this.secrets) {
      const at = data.indexOf(secret, from);
      if (at !== -1 && (!best || at < best.start)) best = { start: at, length: secret.length };
    }
    return best;
  }

  /** The earliest position from which the rest of `data` is a proper prefix of some secret. */
  private heldSuffixStart(data: Buffer, from: number): number {
    const longest = this.secrets[0]?.length ?? 0;
    for (let start = Math.max(from, data.length - longest + 1); start < data.length; start++) {
      const tail = data.subarray(start);
      if (this.secrets.some((s) => s.length > tail.length && s.subarray(0, tail.length).equals(tail))) return start;
    }
    return data.length;
  }
}

/** A Transform stream applying a SecretMasker; pipe the child's stdout/stderr through it. */
export function createMaskStream(secrets: Iterable<string>): Transform {
  const masker = new SecretMasker(secrets);
  return new Transform({
    transform(chunk: Buffer | string, _encoding, callback) {
      const out = masker.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback(null, out.length ? out : undefined);
    },
    flush(callback) {
      const out = masker.end();
      callback(null, out.length ? out : undefined);
    },
  });
}
