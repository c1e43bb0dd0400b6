// The whole browser login as a user lives it: the CLI prints the dialog URL, a real Chromium opens it,
// the consent page is approved (or denied) with a click, Facebook's redirect lands on the CLI's listener.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { setUp, expectNoSecrets, type Fixture } from '../commands/token-fixture.js';
import { freePort, startLogin } from '../auth/login-fixture.js';
import { canBind } from '../auth/listener-helpers.js';

let browser: Browser;
let f: Fixture | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await f?.close();
  f = undefined;
});

/** Opens the dialog and clicks a button; resolves with the page once the listener's answer is shown. */
async function clickThrough(url: URL, button: '#approve' | '#deny', port: number): Promise<{ page: Page; status: number | null; code: string | null }> {
  const page = await browser.newPage();
  await page.goto(url.toString());
  const callback = page.waitForResponse((res) => res.url().startsWith(`http://localhost:${port}/callback`));
  await page.click(button);
  const res = await callback;
  await page.waitForLoadState('domcontentloaded');
  return { page, status: res.status(), code: new URL(res.url()).searchParams.get('code') };
}

describe('fbtok login in a real browser', () => {
  it('approves in the dialog, lands on the listener and stores the user token', async () => {
    f = await setUp({ dialog: 'page', codeExchangeLifetime: 'short' });
    const port = await freePort();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(port), '--json'], f.env);
    const { page, status, code } = await clickThrough(dialogUrl, '#approve', port);
    expect(status).toBe(200);
    expect(await page.textContent('body')).toContain('return to the terminal');
    await page.close();
    const r = await cli.exited;
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    expect(printed).toMatchObject({ name: 'user', type: 'USER', obtainedVia: 'login', longLived: true, subjectId: f.emu.user.id });
    const stored = (await f.json<Array<Record<string, unknown>>>(['token', 'list'])).find((rec) => rec.name === 'user');
    expect(stored).toMatchObject({ fingerprint: printed.fingerprint, scopes: expect.arrayContaining(['pages_show_list']) });
    expectNoSecrets(r, [f.emu.appSecret, code!]);
    expect(await canBind(port)).toBe(true);
  });

  it('denies in the dialog: the browser says so and the CLI exits 3', async () => {
    f = await setUp({ dialog: 'page' });
    const port = await freePort();
    const { cli, dialogUrl } = await startLogin(['--no-browser', '--port', String(port)], f.env);
    const { page, status } = await clickThrough(dialogUrl, '#deny', port);
    expect(status).toBe(200);
    expect(await page.textContent('h1')).toContain('Login cancelled');
    await page.close();
    const r = await cli.exited;
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('denied or cancelled');
    expect((await f.json<unknown[]>(['token', 'list'])).length).toBe(0);
  });
});
