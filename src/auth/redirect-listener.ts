// The loopback listener the Login dialog redirects to (gh's habit): bound to 127.0.0.1, serves one path,
// checks state, answers a tiny page and closes after the first valid callback. Everything else on the
// machine can reach it, so it is strict: GET/HEAD only, small headers, short socket timeouts.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { CancelledError, UsageError } from '../errors.js';
import { interpretCallback } from './callback-result.js';
import { alreadyDonePage, badStatePage, deniedPage, incompletePage, notFoundPage, successPage, type CallbackPage } from './callback-pages.js';
import { describeDenial } from './login-errors.js';

export interface RedirectListenerOptions {
  /** Default 127.0.0.1: never listen on other interfaces. */
  host?: string;
  /** Fixed so the redirect URI is stable; 0 only in tests. */
  port: number;
  path: string;
  expectedState: string;
  /** Ctrl-C: frees the port and rejects with CancelledError. */
  signal?: AbortSignal;
  timeoutMs: number;
  /** The error for a timeout (the caller knows which redirect URI to name). */
  timeoutError?: (waitedMs: number) => Error;
  /** A connection idle (or still sending headers) this long is dropped. Default 10 s. */
  socketTimeoutMs?: number;
  /**
   * Host headers accepted besides `localhost:<port>` and `127.0.0.1:<port>`: the host of a registered HTTPS
   * redirect URI whose forwarder keeps it. Any other Host is DNS rebinding (a page at attacker.example
   * that resolved to 127.0.0.1): answered 421, and nothing changes.
   */
  extraHosts?: readonly string[];
}

export type ListenerResult =
  | { kind: 'code'; code: string }
  | { kind: 'denied'; error: string; reason: string | null; description: string | null };

export interface RedirectListener {
  readonly port: number;
  /** Settles once, after the port is free: a code or a denial; rejects on timeout or abort. */
  readonly result: Promise<ListenerResult>;
  /** Frees the port at once (idempotent); a pending result rejects with CancelledError. */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Connection: 'close',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
};

export async function startRedirectListener(opts: RedirectListenerOptions): Promise<RedirectListener> {
  if (opts.signal?.aborted) throw new CancelledError();
  const socketTimeoutMs = opts.socketTimeoutMs ?? 10_000;
  const sockets = new Set<Socket>();
  let settled = false;
  let closing: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let allowedHosts = new Set<string>(); // set once bound (port 0 picks the port); nothing is served before
  let settle!: { resolve(r: ListenerResult): void; reject(e: Error): void };
  const result = new Promise<ListenerResult>((resolve, reject) => (settle = { resolve, reject }));
  result.catch(() => {}); // the caller awaits it later; never an unhandled rejection meanwhile

  const server = createServer(
    {
      maxHeaderSize: 8192,
      headersTimeout: socketTimeoutMs,
      requestTimeout: socketTimeoutMs + 1000,
      connectionsCheckingInterval: Math.min(1000, socketTimeoutMs),
    },
    (req, res) => handle(req, res),
  );
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.setTimeout(socketTimeoutMs, () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => answerBrokenRequest(error, socket));

  function handle(req: IncomingMessage, res: ServerResponse): void {
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return send(res, { status: 421, html: '' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, { status: 405, html: '' }, { Allow: 'GET, HEAD' });
    const url = parseTarget(req.url);
    if (!url || url.pathname !== opts.path) return send(res, notFoundPage());
    // HEAD never consumes the callback: only a real browser GET may finish the login.
    if (req.method === 'HEAD') return send(res, { status: 200, html: '' });
    if (settled) return send(res, alreadyDonePage());
    const outcome = interpretCallback(url.searchParams, opts.expectedState);
    if (outcome.kind === 'bad-state') return send(res, badStatePage());
    if (outcome.kind === 'incomplete') return send(res, incompletePage());
    settled = true;
    const shown = outcome.kind === 'code' ? successPage() : deniedPage(describeDenial(outcome));
    res.once('close', () => void shutdown().then(() => settle.resolve(outcome)));
    send(res, shown);
  }

  function finishWith(error: Error): void {
    if (settled) return;
    settled = true;
    void shutdown().then(() => settle.reject(error));
  }

  function shutdown(): Promise<void> {
    return (closing ??= new Promise<void>((resolve) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      server.close(() => resolve());
      // Lingering and half-open sockets (slow clients, keep-alive) would hold the port: cut them.
      for (const socket of sockets) socket.destroy();
    }));
  }

  await bind(server, opts.host ?? '127.0.0.1', opts.port);
  server.on('error', (error) => finishWith(error));
  const onAbort = () => finishWith(new CancelledError('Interrupted while waiting for the login.'));
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  timer = setTimeout(
    () => finishWith(opts.timeoutError?.(opts.timeoutMs) ?? new Error(`No callback within ${opts.timeoutMs} ms.`)),
    opts.timeoutMs,
  );
  const port = (server.address() as { port: number }).port;
  allowedHosts = new Set([...localHosts(port), ...(opts.extraHosts ?? [])].map((h) => h.toLowerCase()));
  const close = () => {
    finishWith(new CancelledError('The login listener was closed.'));
    return shutdown();
  };
  return { port, result, close };
}

/** The Host headers a browser sends for http://localhost:<port>/... and http://127.0.0.1:<port>/... */
export function localHosts(port: number): string[] {
  return [`localhost:${port}`, `127.0.0.1:${port}`];
}

function send(res: ServerResponse, page: CallbackPage, extra: Record<string, string> = {}): void {
  const body = res.req.method === 'HEAD' ? '' : page.html;
  res.writeHead(page.status, { ...SECURITY_HEADERS, ...extra, 'Content-Length': Buffer.byteLength(page.html) });
  res.end(body);
}

/** Only origin-form targets ("/callback?..."); "*", absolute and malformed targets are refused. */
function parseTarget(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** Malformed or oversize requests never reach the handler: answer briefly and hang up. */
function answerBrokenRequest(error: NodeJS.ErrnoException, socket: import('node:stream').Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large'
    : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout'
    : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function bind(server: import('node:http').Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(bindError(error, host, port)));
    server.listen({ host, port, exclusive: true }, () => {
      server.removeAllListeners('error');
      resolve();
    });
  });
}

function bindError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE' || error.code === 'EACCES') {
    const why = error.code === 'EADDRINUSE' ? 'is in use by another program' : 'may not be opened by this user';
    return new UsageError(
      `Port ${port} on ${host} ${why}, so the login listener cannot start.`,
      'Choose another port with --port <n> (or `fbtok config set port <n>`) and register http://localhost:<n>/callback in the app.',
      'PORT_UNAVAILABLE',
    );
  }
  return error;
}
