// Before the keychain binding is touched, check asynchronously that the session bus and the Secret Service
// answer: the binding's constructor blocks the event loop on D-Bus, forever if the bus daemon is frozen.
// Just enough of the D-Bus wire protocol (https://dbus.freedesktop.org/doc/dbus-specification.html).
import { connect, type Socket } from 'node:net';
import { StoreUnavailableError } from '../errors.js';
import { formatSeconds } from './call-timeout.js';

type Field = [code: number, signature: 's' | 'o', value: string];

function methodCall(serial: number, destination: string, path: string, iface: string, member: string): Buffer {
  const fields: Field[] = [[1, 'o', path], [2, 's', iface], [3, 's', member], [6, 's', destination]];
  const parts: number[] = [];
  const align = (n: number) => { while (parts.length % n) parts.push(0); };
  const u32 = (v: number) => parts.push(v & 255, (v >> 8) & 255, (v >> 16) & 255, (v >>> 24) & 255);
  parts.push(0x6c, 1, 0, 1); // little-endian, METHOD_CALL, no flags, protocol 1
  u32(0); // body length
  u32(serial);
  u32(0); // header fields array length, patched below
  for (const [code, sig, value] of fields) {
    align(8);
    parts.push(code, 1, sig.charCodeAt(0), 0);
    align(4);
    const bytes = Buffer.from(value, 'utf8');
    u32(bytes.length);
    parts.push(...bytes, 0);
  }
  const fieldsLength = parts.length - 16;
  align(8);
  const buf = Buffer.from(parts);
  buf.writeUInt32LE(fieldsLength, 12);
  return buf;
}

interface Reply { type: number; replySerial?: number; errorName?: string }

/** Splits complete messages off `buf`; returns them and the rest. */
function parseMessages(buf: Buffer): { messages: Reply[]; rest: Buffer } {
  const messages: Reply[] = [];
  while (buf.length >= 16) {
    const le = buf[0] === 0x6c;
    const u32 = (o: number) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
    const fieldsEnd = 16 + u32(12);
    const total = Math.ceil(fieldsEnd / 8) * 8 + u32(4);
    if (buf.length < total) break;
    const reply: Reply = { type: buf[1] };
    for (let o = 16; o < fieldsEnd; ) {
      o = Math.ceil(o / 8) * 8;
      const code = buf[o];
      const sig = String.fromCharCode(buf[o + 2]);
      o += 4;
      if (sig === 'u') { o = Math.ceil(o / 4) * 4; if (code === 5) reply.replySerial = u32(o); o += 4; }
      else if (sig === 'g') o += buf[o] + 2;
      else { o = Math.ceil(o / 4) * 4; const len = u32(o); if (code === 4) reply.errorName = buf.toString('utf8', o + 4, o + 4 + len); o += 4 + len + 1; }
    }
    messages.push(reply);
    buf = buf.subarray(total);
  }
  return { messages, rest: buf };
}

function socketPath(address: string): string | undefined {
  for (const candidate of address.split(';')) {
    const match = /^unix:(.*)$/.exec(candidate);
    if (!match) continue;
    const params = new Map(match[1].split(',').map((kv) => kv.split('=', 2) as [string, string]));
    if (params.get('path')) return decodeURIComponent(params.get('path')!);
    if (params.get('abstract')) return `\0${decodeURIComponent(params.get('abstract')!)}`;
  }
  return undefined;
}

/** Resolves when `org.freedesktop.secrets` answers a Ping; otherwise a StoreUnavailableError naming the cause. */
export async function probeSecretService(env: Record<string, string | undefined>, timeoutMs: number): Promise<void> {
  const address = env.DBUS_SESSION_BUS_ADDRESS;
  if (!address) throw new StoreUnavailableError('No D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set), so no keychain.');
  const path = socketPath(address);
  if (!path) return; // tcp: or other transports: let the binding try.
  const uid = Buffer.from(String(process.getuid?.() ?? 0)).toString('hex');
  let stage: 'bus' | 'secrets' = 'bus';
  let socket: Socket | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(timeoutError(stage, timeoutMs)), timeoutMs);
      const done = (error?: Error) => { clearTimeout(timer); error ? reject(error) : resolve(); };
      let buf: Buffer = Buffer.alloc(0);
      let authenticated = false;
      socket = connect(path, () => socket!.write(`\0AUTH EXTERNAL ${uid}\r\n`));
      socket.on('error', (error) =>
        done(new StoreUnavailableError(`Cannot reach the D-Bus session bus at ${address} (${error.message}).`, undefined, error)));
      socket.on('data', (chunk) => {
        buf = Buffer.concat([buf, chunk]);
        if (!authenticated) {
          const end = buf.indexOf('\r\n');
          if (end < 0) return;
          if (!buf.subarray(0, end).toString().startsWith('OK')) return done(new StoreUnavailableError('The D-Bus session bus refused fbtok.'));
          authenticated = true;
          stage = 'secrets';
          buf = buf.subarray(end + 2);
          socket!.write(Buffer.concat([
            Buffer.from('BEGIN\r\n'),
            methodCall(1, 'org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus', 'Hello'),
            methodCall(2, 'org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.DBus.Peer', 'Ping'),
          ]));
        }
        const { messages, rest } = parseMessages(buf);
        buf = rest;
        const reply = messages.find((m) => m.replySerial === 2 && (m.type === 2 || m.type === 3));
        if (!reply) return;
        if (reply.type === 2) return done();
        done(new StoreUnavailableError(`No Secret Service is running on the session bus (${reply.errorName ?? 'error'}).`));
      });
    });
  } finally {
    socket?.destroy();
  }
}

function timeoutError(stage: 'bus' | 'secrets', ms: number): StoreUnavailableError {
  return stage === 'bus'
    ? new StoreUnavailableError(`The D-Bus session bus did not answer within ${formatSeconds(ms)}.`)
    : new StoreUnavailableError(`The Secret Service did not answer within ${formatSeconds(ms)}.`);
}
