// Finds credentials in one file's bytes, whatever its size: text is read in chunks (memory stays flat on a
// 50 MB minified bundle), UTF-16 is decoded (BOM, or the tell-tale NUL of every other byte), and binaries
// are scanned as bytes up to a size limit; only a larger binary is skipped, and the caller says so.
import { findSecrets, mayContainSecret, type SecretMatch } from './find-secrets.js';
import { MAX_TOKEN_LENGTH } from '../tokens/token-alphabet.js';

/** Random access to a file's bytes (an open file, or a blob already in memory). */
export interface ByteSource {
  readonly size: number;
  read(position: number, length: number): Buffer;
}

export type Encoding = 'latin1' | 'utf16le' | 'utf16be';

export interface ContentKind {
  encoding: Encoding;
  /** Bytes before the text (a byte-order mark). */
  start: number;
  /** Holds NUL bytes and is not UTF-16: scanned as bytes, and only up to the binary size limit. */
  binary: boolean;
}

/** Bytes decoded per chunk. */
export const CHUNK_BYTES = 1024 * 1024;
/** Like git: a NUL byte in the first 8 KB makes a file binary. */
const PROBE_BYTES = 8000;
/** Characters carried from one chunk into the next: more than any token, so none is cut at a boundary. */
const CARRY = 2 * MAX_TOKEN_LENGTH;

export function sourceOf(buf: Buffer): ByteSource {
  return { size: buf.length, read: (position, length) => buf.subarray(position, position + length) };
}

/** What the first bytes say: a BOM, UTF-16 without one (NULs in every other byte of ASCII text), binary or text. */
export function detectKind(probe: Buffer): ContentKind {
  if (probe[0] === 0xff && probe[1] === 0xfe) return { encoding: 'utf16le', start: 2, binary: false };
  if (probe[0] === 0xfe && probe[1] === 0xff) return { encoding: 'utf16be', start: 2, binary: false };
  if (!probe.includes(0)) return { encoding: 'latin1', start: 0, binary: false };
  const pairs = Math.floor(probe.length / 2);
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (probe[i] === 0) evenNul++;
    if (probe[i + 1] === 0) oddNul++;
  }
  if (pairs >= 8 && oddNul >= pairs * 0.9 && evenNul === 0) return { encoding: 'utf16le', start: 0, binary: false };
  if (pairs >= 8 && evenNul >= pairs * 0.9 && oddNul === 0) return { encoding: 'utf16be', start: 0, binary: false };
  return { encoding: 'latin1', start: 0, binary: true };
}

export function probe(source: ByteSource): ContentKind {
  return detectKind(source.read(0, Math.min(source.size, PROBE_BYTES)));
}

/**
 * Every credential in the source, with line and column in the whole file. Each chunk is scanned with the
 * tail of the one before it; a match is reported by the chunk where it starts before the carried tail, so
 * none is reported twice and none is seen cut off (which `--check` would call a dead token).
 */
export function scanSource(source: ByteSource, kind: ContentKind, onMatch: (m: SecretMatch) => void): void {
  const step = kind.encoding === 'latin1' ? CHUNK_BYTES : CHUNK_BYTES & ~1;
  let carried = '';
  let baseLine = 1; // where `carried` starts in the file
  let baseColumn = 0;
  for (let pos = kind.start; pos < source.size; ) {
    const length = Math.min(step, source.size - pos);
    const bytes = source.read(pos, length);
    if (bytes.length === 0) break; // shrank while reading
    pos += bytes.length;
    const last = pos >= source.size;
    // Most files are one chunk with none of the cheap markers: not even decoded.
    if (last && !carried && kind.encoding === 'latin1' && !mayContainSecret(bytes)) return;
    const text = carried + decode(bytes, kind.encoding);
    const cut = last ? text.length : safeCut(text, text.length - CARRY);
    for (const m of findSecrets(text)) {
      if (m.index >= cut) continue; // the next chunk sees it whole
      onMatch({ ...m, line: baseLine + m.line - 1, column: m.line === 1 ? baseColumn + m.column : m.column });
    }
    const head = text.slice(0, cut);
    const newlines = countNewlines(head);
    if (newlines) {
      baseLine += newlines;
      baseColumn = cut - (head.lastIndexOf('\n') + 1);
    } else {
      baseColumn += cut;
    }
    carried = text.slice(cut);
  }
}

function decode(bytes: Buffer, encoding: Encoding): string {
  // latin1: never fails on odd bytes, and one byte = one character, so columns stay right for ASCII.
  if (encoding === 'latin1') return bytes.toString('latin1');
  if (encoding === 'utf16le') return bytes.toString('utf16le');
  return Buffer.from(bytes).swap16().toString('utf16le');
}

/** A cut at a line start (or at least between two non-token characters), so the next chunk starts cleanly. */
function safeCut(text: string, at: number): number {
  if (at <= 0) return 0;
  const line = text.lastIndexOf('\n', at);
  if (line > at - CARRY) return line + 1;
  for (let i = at; i > at - CARRY && i > 0; i--) if (/[^A-Za-z0-9+/=|]/.test(text[i - 1])) return i;
  return at;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
