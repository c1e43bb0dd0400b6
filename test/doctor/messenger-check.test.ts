import { describe, expect, it } from 'vitest';
import { checkMessenger, type MessengerCheckOptions } from '../../src/doctor/messenger-check.js';
import { GraphError } from '../../src/graph/graph-error.js';
import type { TokenInfo } from '../../src/graph/debug-token.js';
import { record, scriptedGraph } from './fakes.js';

const APP = '1234567890';
const subscribed = (fields: string[]) => ({ data: { data: [{ id: APP, name: 'Bot', subscribed_fields: fields }] } });
const base = (overrides: Partial<MessengerCheckOptions>): MessengerCheckOptions => ({
  records: [record('user'), record('page:1')],
  live: new Map(),
  secrets: new Map([['user', 'EAAu'], ['page:1', 'EAAp1']]),
  appId: APP,
  fields: ['messages'],
  fix: false,
  ...overrides,
});

describe('checkMessenger', () => {
  it('a ready Page is one ok line; the subscription is read with the Page token', async () => {
    const g = scriptedGraph();
    g.expect('GET', '/1/subscribed_apps', (req) => {
      expect(req.token).toBe('EAAp1');
      return subscribed(['messages', 'feed']);
    });
    const findings = await checkMessenger(base({ graph: g.graph }));
    g.done();
    expect(findings).toEqual([
      expect.objectContaining({ check: 'messenger user', status: 'ok' }),
      expect.objectContaining({ check: 'messenger page:1', status: 'ok', message: 'Shop (1): pages_messaging, MESSAGING task; app subscribed to messages, feed' }),
    ]);
  });

  it('names every problem of a Page, each with its fix (exit 4; exit 2 for the subscription, a set-up step)', async () => {
    const g = scriptedGraph();
    g.expect('GET', '/1/subscribed_apps', { data: { data: [{ id: '999', subscribed_fields: ['messages'] }] } });
    const page = record('page:1', { scopes: ['pages_show_list'], tasks: ['ANALYZE'] });
    const findings = await checkMessenger(base({ records: [page], graph: g.graph }));
    expect(findings.map((f) => [f.check, f.status, f.exitCode])).toEqual([
      ['messenger page:1', 'fail', 4], ['messenger page:1', 'fail', 4], ['messenger page:1', 'fail', 2],
    ]);
    expect(findings.map((f) => f.message)).toEqual([
      'Shop (1): the Page token lacks pages_messaging, so the bot cannot send (from the record)',
      'Shop (1): the user has no MESSAGING task on the Page (has ANALYZE)',
      "Shop (1): the app is not subscribed to the Page's webhooks, so no messages reach the bot",
    ]);
    expect(findings[2].remedy).toContain('fbtok doctor --fix-subscriptions --fields messages');
  });

  it('live scopes win over the record; a user token without pages_manage_metadata fails', async () => {
    const live = new Map<string, Partial<TokenInfo>>([
      ['user', { valid: true, scopes: ['pages_show_list'] }],
      ['page:1', { valid: true, scopes: ['pages_show_list'] }],
    ]);
    const findings = await checkMessenger(base({ live: live as Map<string, TokenInfo> }));
    expect(findings.filter((f) => f.status === 'fail').map((f) => f.message)).toEqual([
      'user token lacks pages_manage_metadata: Page tokens cannot manage webhook subscriptions',
      'Shop (1): the Page token lacks pages_messaging, so the bot cannot send',
    ]);
  });

  it('--fix-subscriptions adds the missing fields to those already there, then reads again', async () => {
    const g = scriptedGraph();
    g.expect('GET', '/1/subscribed_apps', subscribed(['feed']));
    g.expect('POST', '/1/subscribed_apps', (req) => {
      expect(req.form).toEqual({ subscribed_fields: 'feed,messages,messaging_postbacks' });
      return { data: { success: true } };
    });
    g.expect('GET', '/1/subscribed_apps', subscribed(['feed', 'messages', 'messaging_postbacks']));
    const findings = await checkMessenger(base({ graph: g.graph, fix: true, fields: ['messages', 'messaging_postbacks'] }));
    g.done();
    expect(findings[1]).toMatchObject({ status: 'ok', message: expect.stringContaining('fixed now') });
  });

  it('a subscription the fix did not stick still fails', async () => {
    const g = scriptedGraph();
    g.expect('GET', '/1/subscribed_apps', { data: { data: [] } });
    g.expect('POST', '/1/subscribed_apps', { data: { success: true } });
    g.expect('GET', '/1/subscribed_apps', { data: { data: [] } });
    const findings = await checkMessenger(base({ graph: g.graph, fix: true }));
    g.done();
    expect(findings[1]).toMatchObject({ status: 'fail', message: expect.stringContaining('(after --fix-subscriptions)') });
  });

  it('a permission error reading subscriptions is exit 4 with the task it needs; a dead Page token is left to the token check', async () => {
    const g = scriptedGraph();
    g.expect('GET', '/1/subscribed_apps', GraphError.fromEnvelope({ error: { message: '(#200) The user must have the MANAGE task', code: 200 } }, 400)!);
    const denied = await checkMessenger(base({ graph: g.graph }));
    expect(denied[1]).toMatchObject({ status: 'fail', exitCode: 4, remedy: expect.stringContaining('MANAGE, CREATE_CONTENT or MODERATE') });

    const g2 = scriptedGraph();
    g2.expect('GET', '/1/subscribed_apps', GraphError.fromEnvelope({ error: { message: 'Session invalid', code: 190, error_subcode: 460 } }, 400)!);
    const dead = await checkMessenger(base({ graph: g2.graph }));
    g2.done();
    // debug_token did not vouch for the Page token (no live answer): Facebook's refusal here is the evidence.
    expect(dead[1]).toMatchObject({ status: 'fail', exitCode: 3, message: expect.stringContaining('Facebook refuses the Page token') });

    const g3 = scriptedGraph();
    const known = await checkMessenger(base({ graph: g3.graph, live: new Map([['page:1', { valid: false, scopes: [] } as unknown as TokenInfo]]) }));
    expect(g3.seen).toEqual([]);
    expect(known.map((f) => [f.check, f.status])).toEqual([['messenger user', 'ok'], ['messenger page:1', 'skip']]);
    expect(known[1].message).toBe('Shop (1): not checked: the Page token is not valid (see `token page:1`)');
  });

  it('a token the token check failed is skipped with its reason, never judged ok or failed', async () => {
    const g = scriptedGraph();
    const page = record('page:1', { scopes: ['pages_show_list'] }); // would fail for pages_messaging if judged
    const findings = await checkMessenger(base({ records: [record('user'), page], graph: g.graph, unusable: new Map([['user', 'is not valid'], ['page:1', 'has no secret in the file store']]) }));
    expect(g.seen).toEqual([]);
    expect(findings).toEqual([
      expect.objectContaining({ check: 'messenger user', status: 'skip', exitCode: 0, message: 'not checked: the user token is not valid (see `token user`)' }),
      expect.objectContaining({ check: 'messenger page:1', status: 'skip', exitCode: 0, message: 'Shop (1): not checked: the Page token has no secret in the file store (see `token page:1`)' }),
    ]);
  });

  it('offline: one skip for the webhooks; no Page tokens: a warning', async () => {
    const offline = await checkMessenger(base({ offlineReason: 'Graph is unreachable' }));
    expect(offline.map((f) => [f.check, f.status])).toEqual([['messenger user', 'ok'], ['messenger.webhooks', 'skip'], ['messenger page:1', 'skip']]);
    expect(offline[1].message).toContain('Graph is unreachable');
    // What could not be looked at is never "ok".
    expect(offline[2].message).toBe('Shop (1): the record says the Page token has pages_messaging and the user the MESSAGING task; webhook subscription not checked: Graph is unreachable');
    const fixing = await checkMessenger(base({ offlineReason: 'Graph is unreachable', fix: true }));
    expect(fixing[1].message).toContain('--fix-subscriptions subscribed no Page');
    expect(fixing[2]).toMatchObject({ status: 'skip', message: expect.stringContaining('(--fix-subscriptions could not subscribe it)') });
    const none = await checkMessenger(base({ records: [record('user')] }));
    expect(none[1]).toMatchObject({ check: 'messenger', status: 'warn', remedy: expect.stringContaining('fbtok page-tokens') });
  });

  it('runs the Page calls with bounded concurrency', async () => {
    const pages = Array.from({ length: 20 }, (_, i) => record(`page:${i + 1}`));
    let inFlight = 0;
    let most = 0;
    const g = scriptedGraph();
    const originalPaginate = g.graph.paginate;
    g.graph.paginate = async (req) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      return originalPaginate(req);
    };
    for (const p of pages) g.expect('GET', `/${p.subjectId}/subscribed_apps`, subscribed(['messages']));
    const findings = await checkMessenger(base({ records: pages, secrets: new Map(pages.map((p) => [p.name, 'EAAp'])), graph: g.graph, concurrency: 4 }));
    g.done();
    expect(findings.filter((f) => f.status === 'ok')).toHaveLength(20);
    expect(most).toBe(4);
  });
});
