// Pages the user manages and their Page tokens.
// https://developers.facebook.com/docs/pages-api/overview#get-a-page-access-token
import type { GraphClient } from './types.js';
import { ExitCode } from '../errors.js';
import { GraphError } from './graph-error.js';
import { record, str, strings } from './json.js';

export interface ManagedPage {
  id: string;
  name: string;
  /** null when Facebook withheld it (the user has no task on the Page that allows a token). */
  accessToken: string | null;
  category: string | null;
  /** ANALYZE, ADVERTISE, MODERATE, CREATE_CONTENT, MANAGE, MESSAGING, ... */
  tasks: string[];
}

/** GET /me/accounts, every page of it (needs pages_show_list). */
export async function listManagedPages(graph: GraphClient, options: { userToken: string; onPage?: (fetched: number) => void; signal?: AbortSignal }): Promise<ManagedPage[]> {
  const items = await graph.paginate<unknown>({
    onPage: options.onPage,
    signal: options.signal,
    path: '/me/accounts',
    query: { fields: 'id,name,access_token,category,tasks', limit: 100 },
    token: options.userToken,
  });
  const pages: ManagedPage[] = [];
  for (const item of items) {
    const page = record(item);
    const id = str(page?.id);
    if (!page || !id) continue;
    pages.push({
      id,
      name: str(page.name) ?? '',
      accessToken: str(page.access_token),
      category: str(page.category),
      tasks: strings(page.tasks),
    });
  }
  return pages;
}

/** One Page's token: GET /{page-id}?fields=access_token with the user's token. */
export async function pageTokenFor(graph: GraphClient, options: { userToken: string; pageId: string }): Promise<string> {
  const res = await graph.request<unknown>({
    path: `/${encodeURIComponent(options.pageId)}`,
    query: { fields: 'access_token' },
    token: options.userToken,
  });
  const token = str(record(res.data)?.access_token);
  if (!token) {
    throw new GraphError(`Facebook gave no Page token for Page ${options.pageId}.`, {
      kind: 'graph',
      status: res.status,
      code: 'PAGE_TOKEN_UNAVAILABLE',
      exitCode: ExitCode.missingPermission,
      remedy: 'The user needs a task on that Page and the pages_show_list permission: check both, then `fbtok login` again.',
    });
  }
  return token;
}
