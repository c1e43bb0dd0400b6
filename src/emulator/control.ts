// /__emulator/* : the handle's methods over JSON, for out-of-process users (demo, benchmarks, bots).
import type { Reply } from './errors.js';
import type { Emulator, FaultSpec } from './types.js';

type Json = Record<string, unknown>;
type Action = (emu: Emulator, body: Json, url: URL) => unknown;

const done = { success: true };

function faultFromJson(body: Json): FaultSpec {
  const times = body.times;
  const spec = { ...body } as unknown as FaultSpec;
  if (times === null || times === 'Infinity') spec.times = Infinity;
  if (typeof spec.kind !== 'string') throw new Error('fault needs a kind');
  return spec;
}

const str = (v: unknown, name: string): string => {
  if (typeof v !== 'string' || v === '') throw new Error(`missing ${name}`);
  return v;
};

const ACTIONS: Record<string, Action> = {
  'GET info': (e) => ({
    url: e.url, app_id: e.appId, client_token: e.clientToken, user: e.user, system_user_id: e.systemUserId, pages: e.pages,
  }),
  'GET requests': (e, _b, url) => {
    const prefix = url.searchParams.get('prefix') ?? undefined;
    const requests = prefix === undefined ? e.requests : e.requests.filter((r) => r.path.startsWith(prefix));
    return { count: requests.length, requests };
  },
  'POST reset-requests': (e) => { e.resetRequests(); return done; },
  'POST faults': (e, b) => { e.injectFault(faultFromJson(b)); return done; },
  'DELETE faults': (e) => { e.clearFaults(); return done; },
  'POST latency': (e, b) => { e.setLatency(Number(b.ms ?? 0)); return done; },
  'POST options': (e, b) => { e.setOptions(b); return done; },
  'POST usage-headers': (e, b) => { e.setUsageHeaders((b.headers ?? null) as Record<string, string> | null); return done; },
  'POST clock-skew': (e, b) => { e.setClockSkew(Number(b.seconds ?? 0)); return done; },
  'POST tokens/user': (e, b) => ({ access_token: e.issueUserToken(b) }),
  'POST tokens/system-user': (e, b) => ({ access_token: e.issueSystemUserToken(b) }),
  'POST tokens/page': (e, b) => ({ access_token: e.pageTokenFor(str(b.user_token, 'user_token'), str(b.page_id, 'page_id')) }),
  'POST tokens/invalidate': (e, b) => {
    e.invalidateToken(str(b.token, 'token'), b.subcode === undefined ? undefined : Number(b.subcode));
    return done;
  },
  'POST tokens/expire': (e, b) => { e.expireToken(str(b.token, 'token')); return done; },
  'POST device/approve': (e, b) => { e.approveDevice(str(b.user_code, 'user_code')); return done; },
  'POST device/expire': (e, b) => { e.expireDeviceCode(str(b.user_code, 'user_code')); return done; },
  'POST pages/remove-role': (e, b) => { e.removePageRole(str(b.page_id, 'page_id')); return done; },
};

/** Handles one control request; errors come back as HTTP 400 `{error}` so scripts see what went wrong. */
export async function handleControl(emu: Emulator, method: string, url: URL, rawBody: string): Promise<Reply> {
  const name = url.pathname.slice('/__emulator/'.length).replace(/\/$/, '');
  const sub = /^pages\/([^/]+)\/subscribed-apps$/.exec(name);
  try {
    if (sub && method === 'GET') return { status: 200, body: { data: emu.subscribedApps(decodeURIComponent(sub[1])) } };
    const action = ACTIONS[`${method} ${name}`];
    if (!action) return { status: 404, body: { error: `unknown control endpoint: ${method} /__emulator/${name}` } };
    const body = rawBody.trim() ? (JSON.parse(rawBody) as Json) : {};
    return { status: 200, body: await action(emu, body, url) };
  } catch (err) {
    return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
  }
}
