// Issue 13, "Page tokens without needless churn": named Pages are asked for directly (batched), and a re-run
// against a Facebook that mints a new Page token string per call writes nothing while the stored ones work.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from './token-fixture.js';

/** Every file under the config dir with its content: equal snapshots mean nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'latin1');
    }
  };
  walk(dir);
  return out;
}

describe('page-tokens without needless churn', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });
  const tokenOf = async (id: string) => (await f!.cli(['token', 'get', `page:${id}`])).stdout.trim();

  it('--page asks for the named Pages in one batch of GET /{page-id} (no /me/accounts walk); unmanaged ones are skipped', async () => {
    f = await setUp({ pages: 300 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    const [a, b] = [f.emu.pages[7], f.emu.pages[250]];
    f.emu.resetRequests();
    const r = await f.cli(['page-tokens', '--page', a.id, '--page', b.id, '--page', '999', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).map((x: { subjectId: string; subjectName: string }) => [x.subjectId, x.subjectName])).toEqual([[a.id, a.name], [b.id, b.name]]);
    expect(r.stderr).toContain('Not among the Pages the user manages (skipped): 999.');
    expect(f.emu.requestCount('/me/accounts')).toBe(0);
    const batches = f.emu.requests.filter((q) => q.method === 'POST' && q.path === '/');
    // The named Pages' batch, then one debug_token batch for the written tokens' own lifetimes.
    expect(batches.map((q) => q.batchSize)).toEqual([3, 2]);
    expect(JSON.parse(batches[0].form.batch).map((i: { relative_url: string }) => i.relative_url.split('?')[0])).toEqual([a.id, b.id, '999']);
    expect(f.emu.requests).toHaveLength(3); // the batches beside the user token's debug_token
    expect(await tokenOf(a.id)).toBe(f.emu.pageTokenFor(user, a.id));
  });

  it('a re-run that gets new Page token strings keeps the stored ones that work and never expire: nothing written; --force replaces them', async () => {
    f = await setUp({ pages: 3 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const ids = f.emu.pages.map((p) => p.id);
    const first = await Promise.all(ids.map(tokenOf));
    const dir = f.env.FBTOK_CONFIG_DIR;
    const before = snapshot(dir);

    f.emu.resetRequests();
    const again = await f.cli(['page-tokens', '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe('Kept 3 stored Page tokens that still work and never expire (nothing to write; --force stores the new ones).\n');
    // Facebook did hand out new strings; one batched debug_token showed the stored ones still good.
    expect(f.emu.pageTokenFor(user, ids[0])).not.toBe(first[0]);
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path === '/').map((q) => q.batchSize)).toEqual([3]);
    expect(snapshot(dir)).toEqual(before);
    expect(await Promise.all(ids.map(tokenOf))).toEqual(first);
    const shown = JSON.parse(again.stdout) as Array<{ name: string; expiresAt: string | null; previous?: unknown }>;
    expect(shown.map((x) => [x.name, x.expiresAt, x.previous])).toEqual(ids.map((id) => [`page:${id}`, null, undefined]));

    const forced = await f.cli(['page-tokens', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain('Stored 3 Page tokens');
    expect(await tokenOf(ids[0])).toBe(f.emu.pageTokenFor(user, ids[0]));
    const listed = await f.json<Array<{ name: string; previous?: { fingerprint: string } }>>(['token', 'list']);
    expect(listed.filter((x) => x.name.startsWith('page:')).every((x) => x.previous !== undefined)).toBe(true);
  });

  it('a stored Page token that died is replaced on the re-run; one that works is kept', async () => {
    f = await setUp({ pages: 2 });
    const [a, b] = f.emu.pages;
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const [keptA, deadB] = [await tokenOf(a.id), await tokenOf(b.id)];
    f.emu.invalidateToken(deadB);
    const r = await f.cli(['page-tokens']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Stored 1 Page token as page:<id>');
    expect(r.stderr).toContain('Kept 1 stored Page token that still works and never expires');
    expect(await tokenOf(a.id)).toBe(keptA);
    expect(await tokenOf(b.id)).toBe(f.emu.pageTokenFor(user, b.id));
    expect(await tokenOf(b.id)).not.toBe(deadB);
  });

  it('when Facebook hands out the same strings, a re-run checks nothing and changes no secret', async () => {
    f = await setUp({ pages: 3, pageTokenStrings: 'same' });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const first = await Promise.all(f.emu.pages.map((p) => tokenOf(p.id)));
    f.emu.resetRequests();
    const again = await f.cli(['page-tokens']);
    expect(again.code, again.stderr).toBe(0);
    expect(f.emu.requestCount('/debug_token')).toBe(1); // the user token's, and no batch
    expect(f.emu.requests.filter((q) => q.method === 'POST' && q.path !== '/debug_token').map((q) => q.path)).toEqual([]);
    expect(await Promise.all(f.emu.pages.map((p) => tokenOf(p.id)))).toEqual(first);
    const listed = await f.json<Array<{ name: string; previous?: unknown }>>(['token', 'list']);
    expect(listed.every((x) => x.previous === undefined)).toBe(true);
  });

  it('when the check of stored never-expiring tokens fails, the new ones (as good) are stored, not kept unchecked', async () => {
    f = await setUp({ pages: 2 });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const first = await Promise.all(f.emu.pages.map((p) => tokenOf(p.id)));
    // The check is the run's only batch (POST /): rate limited for longer than --max-wait 0.
    f.emu.injectFault({ kind: 'rate-limit', code: 4, path: '/', method: 'POST', times: 10 });
    const r = await f.cli(['--max-wait', '0', 'page-tokens']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: Could not check the stored Page tokens \(.*\); stored the new ones\./);
    expect(r.stderr).toContain('Stored 2 Page tokens');
    const now = await Promise.all(f.emu.pages.map((p) => tokenOf(p.id)));
    expect(now).toEqual(f.emu.pages.map((p) => f!.emu.pageTokenFor(user, p.id)));
    expect(now[0]).not.toBe(first[0]);
  });
});
