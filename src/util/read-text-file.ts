// Small local files (config, record index, file store) are read synchronously: node:fs is loaded at start-up
// anyway, while loading node:fs/promises costs a command that only reads (token get) about a millisecond.
import { readFileSync } from 'node:fs';

/** The file's text; rejects as fs/promises readFile would (ENOENT and all). */
export async function readTextFile(path: string): Promise<string> {
  return readFileSync(path, 'utf8');
}
