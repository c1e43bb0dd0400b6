// The Pages the stored user token manages (id, name, tasks) and which of them have a stored Page token.
// Asks Graph for no access_token field, so no Page token is ever fetched, let alone returned.
import type { Context } from '../context.js';
import { readTokenInput } from '../tokens/token-input.js';

export interface PageListItem {
  id: string;
  name: string | null;
  tasks: string[];
  /** The stored name of this Page's token (page:ID), or null. */
  storedAs: string | null;
}

export async function runPageList(ctx: Context, as = 'user'): Promise<number> {
  const input = await readTokenInput(ctx, { from: as, allowEnv: false });
  const graph = await ctx.graph();
  const [pages, records] = await Promise.all([
    graph.paginate<Record<string, unknown>>({ path: '/me/accounts', query: { fields: 'id,name,tasks', limit: 100 }, token: input.token, signal: ctx.signal }),
    ctx.store().then((s) => s.list()),
  ]);
  const stored = new Set(records.map((r) => r.name));
  const items: PageListItem[] = pages.map((p) => {
    const id = String(p.id);
    return {
      id,
      name: typeof p.name === 'string' ? p.name : null,
      tasks: Array.isArray(p.tasks) ? p.tasks.map(String) : [],
      storedAs: stored.has(`page:${id}`) ? `page:${id}` : null,
    };
  });
  ctx.io.out(JSON.stringify(items, null, 2));
  return 0;
}
