// Where credentials travel, over real sockets against the emulator: the Authorization header and POST
// bodies, never URLs; and the fallbacks for what graph-api-facts marks unsure, with the emulator set to
// answer as a peer that does not take the header, or does not take POST /debug_token.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { createGraphClient } from '../../src/graph/client.js';
import { debugToken, requestDebugToken } from '../../src/graph/debug-token.js';
import { appTokenFor } from '../../src/graph/oauth.js';
import type { GraphClient } from '../../src/graph/types.js';
import { fakeClock } from './helpers.js';

let emu: Emulator;
let graph: GraphClient;
let warns: string[];

async function setup(options: EmulatorOptions = {}) {
  emu = await startEmulator({ requireAppSecretProof: true, ...options });
  warns = [];
  graph = createGraphClient({
    baseUrl: emu.url, version: 'v26.0', appSecret: emu.appSecret, timeoutMs: 2_000, clock: fakeClock(), userAgent: 't',
    warn: (line) => warns.push(line), random: () => 0.5,
  });
}

afterEach(async () => {
  await graph?.close();
  await emu?.close();
});

const urls = () => emu.requests.map((r) => r.url).join('\n');

describe('the Authorization header', () => {
  it('carries the token of GET calls and of paging links (Graph writes the token into paging.next)', async () => {
    await setup({ pages: 5 });
    const token = emu.issueUserToken({ lifetime: 'long' });
    const pages = await graph.paginate({ path: '/me/accounts', query: { fields: 'id', limit: 2 }, token });
    expect(pages).toHaveLength(5);
    expect(emu.requests).toHaveLength(3);
    for (const r of emu.requests) expect(r.headerToken).toBe(token);
    expect(urls()).not.toContain(token);
    expect(urls()).not.toContain('access_token');
  });

  it('a peer that ignores it (104, or 2500 for /me): the call is repeated with the token in the query, once, with a warning, and so on for the run', async () => {
    await setup({ authorizationHeader: false });
    const token = emu.issueUserToken({ lifetime: 'long' });
    const me = await graph.request<{ id: string }>({ path: '/me', query: { fields: 'id' }, token });
    expect(me.data.id).toBe(emu.user.id);
    expect(emu.requests.map((r) => r.status)).toEqual([400, 200]);
    expect(emu.requests[1].query.access_token).toBe(token);
    expect(warns.join('\n')).toMatch(/ignored the access token in the Authorization header; for the rest of this run fbtok sends it in the URL/);
    await graph.request({ path: `/${emu.pages[0].id}`, query: { fields: 'id' }, token });
    expect(emu.requests).toHaveLength(3);
    expect(warns).toHaveLength(1);
    await graph.close();
    await emu.close();
    await setup({ authorizationHeader: false });
    const other = emu.issueUserToken({ lifetime: 'long' });
    await graph.request({ path: `/${emu.pages[0].id}`, query: { fields: 'id' }, token: other });
    expect(emu.requests.map((r) => [r.status, r.query.access_token])).toEqual([[400, undefined], [200, other]]);
    expect(emu.requests[0].headerToken).toBe(other);
  });

  it('the emulator reads `Bearer` as well as `OAuth`', async () => {
    await setup({ requireAppSecretProof: false });
    const token = emu.issueUserToken();
    for (const scheme of ['Bearer', 'oauth']) {
      const res = await fetch(`${emu.url}/v26.0/me?fields=id`, { headers: { authorization: `${scheme} ${token}` } });
      expect(res.status).toBe(200);
    }
    expect(emu.requests.map((r) => r.url)).toEqual(['/v26.0/me?fields=id', '/v26.0/me?fields=id']);
  });
});

describe('debug_token', () => {
  it('goes as POST /debug_token with both tokens in the body', async () => {
    await setup();
    const input = emu.issueUserToken();
    const info = await debugToken(graph, { appToken: appTokenFor(emu.appId, emu.appSecret), inputToken: input });
    expect(info.valid).toBe(true);
    expect(emu.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /v26.0/debug_token']);
    expect(emu.requests[0].form).toMatchObject({ input_token: input, access_token: appTokenFor(emu.appId, emu.appSecret) });
  });

  it('a peer that refuses POST /debug_token: the same call as a batch of one (a POST body too), remembered for the run', async () => {
    await setup({ debugTokenPost: false });
    const appToken = appTokenFor(emu.appId, emu.appSecret);
    const input = emu.issueUserToken();
    expect((await debugToken(graph, { appToken, inputToken: input })).valid).toBe(true);
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['POST /debug_token 400', 'POST / 200']);
    const res = await requestDebugToken(graph, { appToken, inputToken: appToken, retry: false });
    expect(res.data).toMatchObject({ data: { type: 'APP', is_valid: true } });
    expect(res.serverDate).toEqual(expect.any(Number));
    expect(emu.requests).toHaveLength(3);
    // The caller's own token failing is still an error of the call, not a token report.
    const bad = await debugToken(graph, { appToken: `${emu.appId}|wrong-secret-123456`, inputToken: input }).then(() => undefined, (e: unknown) => e);
    expect(bad).toMatchObject({ code: 'APP_TOKEN_INVALID', exitCode: 2 });
    expect(urls()).not.toContain(input);
    expect(urls()).not.toContain(emu.appSecret);
  });
});
