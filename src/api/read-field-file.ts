// `-F key=@file`: a regular file of at most 1 MB, so a FIFO or /dev/zero cannot hang or exhaust fbtok.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { UsageError } from '../errors.js';

export const MAX_FIELD_FILE_BYTES = 1024 * 1024;

export async function readBoundedFile(path: string): Promise<string> {
  let handle;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw new UsageError(`Cannot read the field file "${path}": ${(error as NodeJS.ErrnoException).code ?? 'error'}.`, 'Give a readable file: -F key=@path/to/file');
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new UsageError(`The field file "${path}" is not a regular file.`, 'Give a regular file: -F key=@path/to/file');
    if (info.size > MAX_FIELD_FILE_BYTES) throw new UsageError(`The field file "${path}" is over 1 MB.`, 'Send a smaller value.');
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
