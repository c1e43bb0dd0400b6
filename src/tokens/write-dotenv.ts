// `token export --write FILE`: the .env file is updated atomically (temp file + rename in its directory),
// created 0600, an existing file's mode and owner kept; a symlink or anything but a regular file is refused.
import { chmod, chown, lstat, readFile } from 'node:fs/promises';
import { ExitCode, FbtokError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { updateDotenvText } from './dotenv-file.js';

export interface DotenvWriteResult {
  /** False when the file already held every value (nothing written). */
  written: boolean;
  created: boolean;
  /** Variables whose value changed or that were added. */
  changed: string[];
}

export async function writeDotenvFile(path: string, values: ReadonlyMap<string, string>): Promise<DotenvWriteResult> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw cannotWrite(path, error);
  });
  if (info?.isSymbolicLink()) {
    throw new UsageError(`${path} is a symbolic link; --write replaces files, never what a link points to.`, 'Give the real file: --write "$(realpath FILE)".', 'WRITE_TARGET_REFUSED');
  }
  if (info && !info.isFile()) throw new UsageError(`${path} is not a regular file.`, 'Give a path to a .env file.', 'WRITE_TARGET_REFUSED');
  const old = info ? await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => { throw cannotWrite(path, error); }) : '';
  const { parse } = await import('dotenv');
  const before = parse(old);
  const changed = [...values].filter(([key, value]) => before[key] !== value).map(([key]) => key);
  if (info && changed.length === 0) return { written: false, created: false, changed };
  const { text } = updateDotenvText(old, values);
  try {
    const mode = info ? info.mode & 0o7777 : 0o600;
    await writeFileAtomic(path, text, mode);
    await chmod(path, mode); // the umask narrowed the temp file's mode
    // The temp file is ours; give it back to the file's owner (root rewriting a service's .env).
    if (info && (info.uid !== process.getuid?.() || info.gid !== process.getgid?.())) await chown(path, info.uid, info.gid);
  } catch (error) {
    throw cannotWrite(path, error as NodeJS.ErrnoException);
  }
  return { written: true, created: !info, changed };
}

function cannotWrite(path: string, error: NodeJS.ErrnoException): FbtokError {
  return new FbtokError(`Cannot write ${path} (${error.code ?? error.message}).`, {
    code: 'WRITE_FAILED',
    exitCode: ExitCode.usage,
    remedy: 'Check that the directory exists and is writable by this user (the file is replaced through a temp file beside it).',
    cause: error,
  });
}
