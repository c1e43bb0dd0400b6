import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { setUp, type Fixture } from './token-fixture.js';

interface StatusToken { name: string; expiresAt: string | null; dataAccessExpiresAt: string | null }

// A Page record holds the Page token's own lifetime (debug_token), not a copy of the user token's.
describe('Page token lifetimes', () => {
  let f: Fixture | undefined;
  afterEach(async () => {
    await f?.close();
    f = undefined;
  });

  it('a Page token whose data access never ends is recorded so: offline status and status --check agree', async () => {
    f = await setUp({ pages: 2, pageDataAccess: 'never' });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const offline = (await f.json(['status'])).tokens as StatusToken[];
    const checked = (await f.json(['status', '--check'])).tokens as StatusToken[];
    const pick = (list: StatusToken[]) => list.map((t) => ({ name: t.name, expiresAt: t.expiresAt, dataAccessExpiresAt: t.dataAccessExpiresAt }));
    expect(pick(offline)).toEqual(pick(checked));
    for (const page of f.emu.pages) {
      expect(offline.find((t) => t.name === `page:${page.id}`)).toMatchObject({ expiresAt: null, dataAccessExpiresAt: null });
    }
    expect(offline.find((t) => t.name === 'user')?.dataAccessExpiresAt).not.toBeNull();
  });

  it("a record written with the user token's data access (an older fbtok) is brought in line by status --check, so the next offline status agrees", async () => {
    f = await setUp({ pages: 1, pageDataAccess: 'never' });
    const user = f.emu.issueUserToken({ lifetime: 'long' });
    await f.importToken(user);
    expect((await f.cli(['page-tokens'])).code).toBe(0);
    const file = join(f.env.FBTOK_CONFIG_DIR, 'tokens.json');
    const state = JSON.parse(await readFile(file, 'utf8'));
    const records = state.profiles.default.records as StatusToken[];
    const userRecord = records.find((r) => r.name === 'user')!;
    for (const r of records) if (r.name.startsWith('page:')) r.dataAccessExpiresAt = userRecord.dataAccessExpiresAt;
    await writeFile(file, JSON.stringify(state), { mode: 0o600 });

    const checked = (await f.json(['status', '--check'])).tokens as StatusToken[];
    const page = `page:${f.emu.pages[0].id}`;
    expect(checked.find((t) => t.name === page)?.dataAccessExpiresAt).toBeNull();
    const offline = (await f.json(['status'])).tokens as StatusToken[];
    expect(offline).toEqual(checked.map((t) => ({ ...t, checked: false })));
  });
});
