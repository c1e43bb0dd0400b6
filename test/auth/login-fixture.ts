// Helpers for driving `fbtok login` as a process: a free port, the printed dialog URL, the emulator's redirect.
import { createServer } from 'node:net';
import { startCli, type StreamingCli } from '../helpers/cli-stream.js';

/** A port free right now (the listener needs a fixed one: the redirect URI must not change). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export const DIALOG_URL = /^(https?:\/\/\S+\/dialog\/oauth\?\S+)$/m;

/** Starts `fbtok login ...` and returns it with the dialog URL it printed on stderr. */
export async function startLogin(args: string[], env: Record<string, string>): Promise<{ cli: StreamingCli; dialogUrl: URL }> {
  const cli = startCli(['login', ...args], { env });
  const match = await cli.waitForStderr(DIALOG_URL);
  return { cli, dialogUrl: new URL(match[1]) };
}

/** Asks the emulator's dialog (auto mode) for its answer and returns the redirect target without following it. */
export async function dialogRedirect(dialogUrl: URL | string): Promise<string> {
  const res = await fetch(dialogUrl, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`the dialog answered ${res.status} without a redirect`);
  return location;
}

/** The browser's part: dialog, then the redirect to the listener; returns the listener's status and the code. */
export async function completeInBrowser(dialogUrl: URL): Promise<{ status: number; code: string | null }> {
  const location = await dialogRedirect(dialogUrl);
  const res = await fetch(location, { redirect: 'manual' });
  await res.text();
  return { status: res.status, code: new URL(location).searchParams.get('code') };
}
