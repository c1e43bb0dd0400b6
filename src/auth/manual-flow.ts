// --manual: the user opens the dialog URL anywhere, and pastes back the URL the browser ends on (or the
// bare code). For live apps whose only registered redirect is an HTTPS page fbtok cannot listen on.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { CancelledError, UsageError } from '../errors.js';
import { interpretCallback } from './callback-result.js';
import type { Context } from '../context.js';
import { LoginDeniedError, StateMismatchError, describeDenial } from './login-errors.js';
import { buildLoginUrl } from './login-url.js';
import { createPkce } from './pkce.js';
import { createState } from './state.js';
import type { AuthorizationCode, DialogOptions } from './browser-login.js';

/** Prints the dialog URL for a redirect URI the user registered, then reads back where the browser ended. */
export async function runManualLogin(ctx: Context, opts: { dialog: DialogOptions; redirectUri: string }): Promise<AuthorizationCode> {
  const state = createState();
  const pkce = opts.dialog.pkce ? createPkce() : undefined;
  const url = buildLoginUrl({ ...opts.dialog, redirectUri: opts.redirectUri, state, pkce });
  const { io } = ctx;
  io.err(`Redirect URI: ${io.style.bold(opts.redirectUri)} (it must be registered in the app exactly).`);
  io.err('1. Open this URL in any browser and log in:');
  io.err(url);
  io.err('2. The browser then goes to the redirect URI (the page itself may fail to load: that is fine).');
  io.err('3. Copy the whole address from the address bar, paste it here and press Enter:');
  const pasted = parsePastedCallback(await readOneLine(io.stdin, ctx.signal), state);
  if (!pasted.stateChecked) {
    io.warn('A bare code cannot be checked against this login (no state): paste the whole URL to have it checked.');
  }
  return { code: pasted.code, redirectUri: opts.redirectUri, codeVerifier: pkce?.verifier };
}

export interface PastedCode {
  code: string;
  /** False for a bare code: nothing tied it to this login. */
  stateChecked: boolean;
}

/** A redirected URL (its state checked) or a bare code. Never echoes what was pasted: it holds the code. */
export function parsePastedCallback(text: string, expectedState: string): PastedCode {
  const pasted = text.trim();
  if (!pasted) throw new UsageError('Nothing was pasted.', 'Paste the whole URL the browser ends on after the login (it contains code= and state=).', 'NOTHING_PASTED');
  const params = paramsOf(pasted);
  if (!params) {
    // Facebook appends #_=_ to redirects; people copy it along with a bare code.
    const code = pasted.replace(/#_=_$/, '');
    if (/^[A-Za-z0-9_\-.~]+$/.test(code)) return { code, stateChecked: false };
    throw new UsageError('The pasted text is neither a URL nor a login code.', 'Paste the whole URL from the browser address bar after the login.', 'PASTE_UNRECOGNISED');
  }
  const outcome = interpretCallback(params, expectedState);
  if (outcome.kind === 'code') return { code: outcome.code, stateChecked: true };
  if (outcome.kind === 'denied') throw new LoginDeniedError(describeDenial(outcome));
  if (outcome.kind === 'bad-state') throw new StateMismatchError();
  throw new UsageError('The pasted URL carries neither a code nor an error.', 'Paste the URL the browser ends on after you approve the login.', 'PASTE_INCOMPLETE');
}

/** Query parameters of a URL-ish paste ("https://…?code=…", "?code=…", "code=…&state=…"); null for a bare code. */
function paramsOf(pasted: string): URLSearchParams | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pasted)) {
    try {
      return new URL(pasted).searchParams;
    } catch {
      throw new UsageError('The pasted URL is not valid.', 'Copy the whole address from the browser address bar.', 'PASTE_UNRECOGNISED');
    }
  }
  if (pasted.startsWith('?') || /(^|&)(code|state|error)=/.test(pasted)) return new URLSearchParams(pasted.replace(/^\?/, '').replace(/#.*$/, ''));
  return null;
}

/** One line from stdin (a TTY or a pipe); EOF before a line is a usage error. Ctrl-C rejects with CancelledError. */
export function readOneLine(input: Readable, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new CancelledError());
    // terminal:false: no echo games and no history; the pasted code is not kept anywhere.
    const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      signal.removeEventListener('abort', onAbort);
      rl.close();
      fn();
    };
    const onAbort = () => finish(() => reject(new CancelledError('Interrupted while waiting for the pasted URL.')));
    signal.addEventListener('abort', onAbort, { once: true });
    rl.once('line', (line) => finish(() => resolve(line)));
    rl.once('close', () => finish(() => reject(new UsageError('stdin ended before a URL or code was pasted.', 'Paste the URL and press Enter, or pipe it in: echo "$URL" | fbtok login --manual ...', 'NOTHING_PASTED'))));
  });
}
