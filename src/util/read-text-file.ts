// Small local files (config, record index, file store) are read synchronously: node:fs is loaded at start-up
// anyway, while loading node:fs/promises costs a command that only reads (token get) about a millisecond.
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from 'node:fs';
import { StoreUnavailableError } from '../errors.js';

export interface TextFile {
  text: string;
  /** The file's mode bits (permissions), as fstat saw them on the descriptor that was read. */
  mode: number;
}

/** The file's text; rejects as fs/promises readFile would (ENOENT and all). */
export async function readTextFile(path: string): Promise<string> {
  return (await readRegularFile(path)).text;
}

/**
 * Reads a file only when it is a regular file: a FIFO in its place would block the read forever, a
 * directory is EISDIR, a device may never end. Opened non-blocking (a FIFO without a writer does not
 * block the open), then checked on the descriptor itself, so nothing can be swapped in between.
 */
export async function readRegularFile(path: string): Promise<TextFile> {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    // A Unix socket cannot be opened at all (ENXIO): say what is there rather than the errno.
    if ((error as NodeJS.ErrnoException).code === 'ENXIO') throw notRegular(path, statSync(path));
    throw error;
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw notRegular(path, stats);
    return { text: readFileSync(fd, 'utf8'), mode: stats.mode };
  } finally {
    closeSync(fd);
  }
}

function notRegular(path: string, stats: Stats): StoreUnavailableError {
  const what = stats.isDirectory()
    ? 'a directory'
    : stats.isFIFO()
      ? 'a named pipe (FIFO)'
      : stats.isSocket()
        ? 'a socket'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : 'not a regular file';
  return new StoreUnavailableError(
    `${path} is ${what}, not a regular file.`,
    `Move it aside (fbtok reads and writes only regular files there); fbtok left it untouched.`,
  );
}
