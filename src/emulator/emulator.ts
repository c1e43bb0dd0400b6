// The in-process handle tests hold: inspection, fault injection and token shortcuts over the state.
import type { Server } from 'node:http';
import { findDevice } from './device.js';
import { addUsage } from './usage.js';
import type { ServerCore } from './server.js';
import type { EmulatorState } from './state.js';
import type { Emulator, FaultSpec, RecordedRequest } from './types.js';

function userRecord(state: EmulatorState, token: string) {
  const rec = state.tokens.get(token);
  if (!rec) throw new Error('emulator: unknown token');
  return rec;
}

export function createEmulatorHandle(core: ServerCore, server: Server, port: number): Emulator {
  const { state } = core;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    appId: state.appId,
    appSecret: state.appSecret,
    clientToken: state.clientToken,
    user: { ...state.user },
    pages: state.pages.map((p) => ({ ...p, tasks: [...p.tasks] })),
    systemUserId: state.systemUserId,
    get requests(): RecordedRequest[] { return core.requests; },
    set requests(list: RecordedRequest[]) { core.requests = list; },
    requestCount(prefix?: string) {
      if (prefix === undefined) return core.requests.length;
      return core.requests.reduce((n, r) => (r.path.startsWith(prefix) ? n + 1 : n), 0);
    },
    resetRequests() { core.requests = []; },
    injectFault(fault: FaultSpec) { core.faults.add(fault); },
    clearFaults() { core.faults.clear(); },
    setLatency(ms: number) { core.latencyMs = Math.max(0, ms); },
    setOptions(patch) { state.setRuntime(patch); },
    setUsageHeaders(headers) { core.usageHeaders = headers; },
    addUsage(calls) { addUsage(state, calls); },
    setClockSkew(seconds: number) { core.clockSkewSeconds = seconds; },
    issueUserToken(opts) { return state.issueUser(opts).token; },
    issueSystemUserToken(opts) { return state.issueSystemUser(opts).token; },
    pageTokenFor(userToken: string, pageId: string) {
      const rec = userRecord(state, userToken);
      if (rec.type === 'PAGE') throw new Error('emulator: pageTokenFor needs a user or system-user token');
      if (!state.pagesById.has(pageId)) throw new Error(`emulator: unknown page ${pageId}`);
      return state.latestPageToken(rec, pageId).token;
    },
    invalidateToken(token: string, subcode = 467) { userRecord(state, token).revoked = { subcode }; },
    expireToken(token: string) {
      const rec = userRecord(state, token);
      rec.expiresAt = state.nowSec() - 1;
    },
    removePageRole(pageId: string) { state.roles.delete(pageId); },
    approveDevice(userCode: string) { findDevice(state, userCode).approved = true; },
    expireDeviceCode(userCode: string) { findDevice(state, userCode).expired = true; },
    subscribedApps(pageId: string) {
      const fields = state.subscriptions.get(pageId);
      return fields ? [{ id: state.appId, subscribed_fields: [...fields] }] : [];
    },
    close() {
      for (const t of core.timers) clearTimeout(t);
      core.timers.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
