// Real-socket clients for the listener tests: http for well-formed requests, raw net for broken ones.
import { request } from 'node:http';
import { connect, createServer } from 'node:net';

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpGet(port: number, path: string, method = 'GET'): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** Writes raw bytes and collects everything until the server hangs up (or `timeoutMs`, then rejects). */
export function rawExchange(port: number, text: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setEncoding('utf8').on('data', (d) => (out += d));
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`server kept the socket open; got: ${out.slice(0, 80)}`))), timeoutMs);
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () => (clearTimeout(timer), resolve(out)));
  });
}

/** Opens a socket that sends part of a request and then goes silent; `closed` resolves when the server drops it. */
export function stalledClient(port: number): Promise<{ closed: Promise<void>; destroy(): void }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write('GET /callback?state=x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
      resolve({ closed, destroy: () => socket.destroy() });
    });
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.resume(); // read (and drop) whatever comes, or the server's FIN would never be seen
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/** True when the port can be bound again, i.e. the listener really let it go. */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Rejects if `promise` has not settled within `ms`: bounds a wait instead of sleeping. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const limit = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Resolves to 'pending' when `promise` has not settled after a macrotask turn or two. */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  const marker = Symbol('pending');
  const winner = await Promise.race([promise.then(() => 'settled', () => 'settled'), new Promise((r) => setTimeout(() => r(marker), 50))]);
  return winner === marker;
}
