// Reads walked files and finds credentials in them.
// Files are read with synchronous calls on purpose: measured on 50,000 small files (2 cores), 32
// concurrent fs.promises reads took 2.1 s, plain sync reads 0.6 s (four thread-pool hops per file
// cost more than the I/O). The loop yields to the event loop every few hundred files so Ctrl-C works.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fingerprint } from '../store/fingerprint.js';
import { findSecrets, mayContainSecret, type SecretKind } from './find-secrets.js';
import { walkFiles, type WalkFilesOptions } from './walk-files.js';

export const DEFAULT_MAX_SIZE = 1024 * 1024;
/** Files scanned between two turns of the event loop. */
const YIELD_EVERY = 256;
/** Like git: a NUL byte in the first 8 KB makes a file binary. */
const BINARY_PROBE_BYTES = 8000;

/** One credential at one place. `secret` stays in memory (for --check) and is never printed. */
export interface Finding {
  file: string;
  line: number;
  column: number;
  kind: SecretKind;
  fingerprint: string;
  appId?: string;
  secret: string;
}

export interface ScanResult {
  findings: Finding[];
  filesScanned: number;
  skipped: { binary: number; tooLarge: number; unreadable: number };
}

export interface ScanFilesOptions extends WalkFilesOptions {
  /** Bytes; larger files are skipped (default 1 MiB). */
  maxSize?: number;
  /** Aborts the scan (Ctrl-C); checked between files. */
  signal?: AbortSignal;
  /** Files scanned so far, now and then (for a progress line on a terminal). */
  onProgress?: (filesScanned: number) => void;
}

export function emptyResult(): ScanResult {
  return { findings: [], filesScanned: 0, skipped: { binary: 0, tooLarge: 0, unreadable: 0 } };
}

/** Walks `roots` and scans every file; findings sorted by file, line and column. */
export async function scanFiles(roots: readonly string[], options: ScanFilesOptions = {}): Promise<ScanResult> {
  const result = emptyResult();
  const maxSize = options.maxSize ?? DEFAULT_MAX_SIZE;
  let count = 0;
  for await (const path of walkFiles(roots, options)) {
    if (++count % YIELD_EVERY === 0) {
      options.onProgress?.(result.filesScanned);
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
    }
    const content = readSmallFile(path, maxSize);
    if (content === 'too-large') result.skipped.tooLarge++;
    else if (content === 'unreadable') result.skipped.unreadable++;
    else scanContent(path, content, maxSize, result);
  }
  sortFindings(result.findings);
  return result;
}

function readSmallFile(path: string, maxSize: number): Buffer | 'too-large' | 'unreadable' {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'unreadable';
  }
  try {
    const { size } = fstatSync(fd);
    if (size > maxSize) return 'too-large';
    const buf = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buf, read, size - read, read);
      if (n === 0) break; // shrank while reading
      read += n;
    }
    return buf.subarray(0, read);
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

/** Scans one file's bytes into `result` (shared by the tree walk and --staged). */
export function scanContent(file: string, content: Buffer, maxSize: number, result: ScanResult): void {
  if (content.length > maxSize) {
    result.skipped.tooLarge++;
    return;
  }
  if (content.subarray(0, BINARY_PROBE_BYTES).includes(0)) {
    result.skipped.binary++;
    return;
  }
  result.filesScanned++;
  if (!mayContainSecret(content)) return;
  // latin1: never fails on odd bytes, and one byte = one character, so columns stay right for ASCII.
  for (const m of findSecrets(content.toString('latin1'))) {
    const finding: Finding = { file, line: m.line, column: m.column, kind: m.kind, fingerprint: fingerprint(m.secret), secret: m.secret };
    if (m.appId) finding.appId = m.appId;
    result.findings.push(finding);
  }
}

export function sortFindings(findings: Finding[]): void {
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}
