// What a redirect back from the Login dialog means, shared by the listener and the pasted-URL flow.
// Success: ?code&state (plus #_=_); denial: ?error=access_denied&error_reason=user_denied&...&state.
import { stateMatches } from './state.js';

export type CallbackOutcome =
  | { kind: 'code'; code: string }
  | { kind: 'denied'; error: string; reason: string | null; description: string | null }
  /** Wrong or missing state: not ours (forged, stale, another terminal's login). */
  | { kind: 'bad-state' }
  /** Our state but neither code nor error: nothing to act on. */
  | { kind: 'incomplete' };

/** The state is checked first, so a forged denial cannot end a login either. */
export function interpretCallback(params: URLSearchParams, expectedState: string): CallbackOutcome {
  if (!stateMatches(expectedState, params.get('state'))) return { kind: 'bad-state' };
  const error = params.get('error') ?? params.get('error_code') ?? params.get('error_reason');
  if (error !== null) {
    return {
      kind: 'denied',
      error: clip(error),
      reason: clipOrNull(params.get('error_reason')),
      description: clipOrNull(params.get('error_description') ?? params.get('error_message')),
    };
  }
  const code = params.get('code');
  return code ? { kind: 'code', code } : { kind: 'incomplete' };
}

/** Denial texts end up in a terminal and a page: keep them short (they are escaped where shown). */
function clip(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200);
}

function clipOrNull(text: string | null): string | null {
  return text === null ? null : clip(text);
}
