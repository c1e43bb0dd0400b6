import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PassThrough } from 'node:stream';
import { text } from 'node:stream/consumers';
import { SecretMasker, createMaskStream } from '../../src/exec/mask-stream.js';

const SECRET = 'EAAsecretTOKENvalue1234567890';
const OTHER = 'app-secret-0123456789';

function maskChunks(secrets: string[], chunks: string[]): { out: string; pieces: string[] } {
  const masker = new SecretMasker(secrets);
  const pieces = chunks.map((c) => masker.write(Buffer.from(c)).toString());
  pieces.push(masker.end().toString());
  return { out: pieces.join(''), pieces };
}

/** Leftmost-longest replacement of the whole text at once: what any chunking must produce. */
function reference(secrets: string[], input: string): string {
  const alternatives = [...new Set(secrets)].sort((a, b) => b.length - a.length).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return input.replace(new RegExp(alternatives.join('|'), 'g'), '<redacted>');
}

describe('SecretMasker', () => {
  it('replaces a secret that arrives whole', () => {
    expect(maskChunks([SECRET], [`token=${SECRET}\n`]).out).toBe('token=<redacted>\n');
  });

  it('replaces a secret split at every possible point across two writes', () => {
    for (let i = 1; i < SECRET.length; i++) {
      const { out, pieces } = maskChunks([SECRET], [`a ${SECRET.slice(0, i)}`, `${SECRET.slice(i)} b`]);
      expect(out, `split at ${i}`).toBe('a <redacted> b');
      for (const piece of pieces) expect(piece).not.toContain(SECRET.slice(0, Math.max(i, 4)));
    }
  });

  it('replaces a secret written one byte at a time, and never emits its first bytes', () => {
    const { out, pieces } = maskChunks([SECRET], [...`>${SECRET}<`]);
    expect(out).toBe('><redacted><');
    expect(pieces.join('|')).not.toContain('E|A');
  });

  it('emits text that cannot start a secret at once (a prompt is not delayed)', () => {
    const masker = new SecretMasker([SECRET]);
    expect(masker.write(Buffer.from('Password: ')).toString()).toBe('Password: ');
  });

  it('holds back only a possible beginning, and releases it when the secret does not follow', () => {
    const masker = new SecretMasker([SECRET]);
    expect(masker.write(Buffer.from('see EAAsec')).toString()).toBe('see ');
    expect(masker.write(Buffer.from('ond thing')).toString()).toBe('EAAsecond thing');
    expect(masker.write(Buffer.from('EAA')).toString()).toBe('');
    expect(masker.end().toString()).toBe('EAA');
  });

  it('replaces several secrets, the longer one when one contains another', () => {
    const inner = SECRET.slice(3, 15);
    expect(maskChunks([inner, SECRET, OTHER], [`${SECRET} ${inner} ${OTHER}`]).out).toBe('<redacted> <redacted> <redacted>');
  });

  it('passes bytes that are not UTF-8 through unchanged', () => {
    const masker = new SecretMasker([SECRET]);
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0xc3]);
    expect(Buffer.concat([masker.write(bytes), masker.end()]).equals(bytes)).toBe(true);
  });

  it('any chunking gives the same output as masking the whole text (property)', () => {
    const secrets = [SECRET, OTHER, 'EAAsecretTOKENother99'];
    const piece = fc.oneof(fc.constantFrom(...secrets), fc.constantFrom(...secrets).map((s) => s.slice(0, 5)), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (parts, cuts) => {
        const input = parts.join('');
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let from = 0;
        for (const p of [...points, input.length]) {
          chunks.push(input.slice(from, p));
          from = p;
        }
        expect(maskChunks(secrets, chunks).out).toBe(reference(secrets, input));
      }),
    );
  });
});

describe('createMaskStream', () => {
  it('masks a stream whose writes split a secret', async () => {
    const source = new PassThrough();
    const masked = source.pipe(createMaskStream([SECRET]));
    const result = text(masked);
    source.write(`line one ${SECRET.slice(0, 10)}`);
    source.write(`${SECRET.slice(10)} done\n`);
    source.end();
    expect(await result).toBe('line one <redacted> done\n');
  });
});
