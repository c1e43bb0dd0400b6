// A keychain call that timed out is abandoned, but its native thread is not: @napi-rs/keyring runs it on
// libuv's thread pool, and a thread waiting for an unlock prompt nobody can answer (a Secret Service that
// died and was re-activated locked) waits for ever. Node joins every pool thread when it exits, so the
// process could never end, not even through process.exit. The thread only waits on its D-Bus socket:
// shutting down our side makes the bus drop the connection, the wait fails, the thread ends.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Inodes of this process's Unix-domain sockets (Linux /proc); empty elsewhere. */
function unixSocketInodes(): Set<string> {
  try {
    const table = readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1);
    return new Set(table.map((line) => line.trim().split(/\s+/)[6]).filter(Boolean));
  } catch {
    return new Set();
  }
}

/**
 * Half-closes every Unix-domain socket this process holds above stdio. Called only at the end of a run in
 * which a keychain call was abandoned, when nothing of fbtok's own uses such a socket any more (the bus
 * probe closes its own; Graph calls are TCP). Linux only: elsewhere there is no such thread to free.
 */
export async function shutDownUnixSockets(): Promise<number> {
  if (process.platform !== 'linux') return 0;
  const unix = unixSocketInodes();
  let fds: string[];
  try {
    fds = readdirSync('/proc/self/fd');
  } catch {
    return 0;
  }
  const { Socket } = await import('node:net');
  let count = 0;
  for (const name of fds) {
    const fd = Number(name);
    if (!(fd > 2)) continue;
    let target: string;
    try {
      target = readlinkSync(`/proc/self/fd/${name}`);
    } catch {
      continue;
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (!inode || !unix.has(inode)) continue;
    try {
      const socket = new Socket({ fd, readable: false, writable: true });
      socket.on('error', () => {});
      socket.end();
      socket.unref();
      count++;
    } catch {
      // Not a socket libuv can wrap: leave it.
    }
  }
  return count;
}
