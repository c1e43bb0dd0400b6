import { lstat, mkdir, open, readlink, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a crash at any instant leaves either the old or the new content:
 * temp file in the same directory, fsync, rename, fsync the directory.
 * A symlink at `path` is followed: its target is replaced atomically, and the link stays a link.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  path = await linkTarget(path);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(tmp).catch(() => {});
    throw error;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
  const dirHandle = await open(dir, 'r');
  try {
    await dirHandle.sync();
  } catch {
    // Some filesystems refuse fsync on directories; the rename is still atomic.
  } finally {
    await dirHandle.close();
  }
}

/**
 * The file a chain of symlinks ends at (renaming over the link itself would silently turn it into a
 * regular file: a user who keeps tokens.json on another volume would lose the link). A dangling link
 * resolves to the path it names, which is then created. Bounded, as the kernel bounds it (ELOOP).
 */
async function linkTarget(path: string): Promise<string> {
  for (let hops = 0; hops < 40; hops++) {
    let isLink: boolean;
    try {
      isLink = (await lstat(path)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
      throw error;
    }
    if (!isLink) return path;
    path = resolve(dirname(path), await readlink(path));
  }
  throw Object.assign(new Error(`Too many levels of symbolic links: ${path}`), { code: 'ELOOP' });
}
