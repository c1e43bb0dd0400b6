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

const PAGE_FIELDS = 'id,name,access_token,category,tasks';

/** GET /me/accounts, every page of it (needs pages_show_list). */
export async function listManagedPages(graph: GraphClient, options: { userToken: string; onPage?: (fetched: number) => void; signal?: AbortSignal }): Promise<ManagedPage[]> {
  const items = await graph.paginate<unknown>({
    onPage: options.onPage,
    signal: options.signal,
    path: '/me/accounts',
    query: { fields: PAGE_FIELDS, limit: 100 },
    token: options.userToken,
  });
  const pages: ManagedPage[] = [];
  for (const item of items) {
    const page = managedPage(item);
    if (page) pages.push(page);
  }
  return pages;
}

export interface NamedPagesResult {
  /** In the order asked for. */
  pages: ManagedPage[];
  /** Ids Facebook did not show this user as a Page they have a task on. */
  notManaged: string[];
}

/**
 * GET /{page-id}?fields=access_token,name,tasks,... for each named Page with the user token, batched (one
 * item per Page, 50 to a POST): a few named Pages cost one round trip, not a walk of every Page the user has.
 */
export async function namedPages(graph: GraphClient, options: { userToken: string; pageIds: readonly string[] }): Promise<NamedPagesResult> {
  const results = await graph.batch<unknown>(
    options.pageIds.map((id) => ({ method: 'GET' as const, relativeUrl: `${encodeURIComponent(id)}?fields=${PAGE_FIELDS}` })),
    { token: options.userToken },
  );
  const out: NamedPagesResult = { pages: [], notManaged: [] };
  results.forEach((result, i) => {
    const id = options.pageIds[i];
    if (!result.ok) {
      if (isNoSuchObject(result.error)) return void out.notManaged.push(id);
      throw result.error;
    }
    const page = managedPage(result.data);
    // A Page anyone may see answers without a token or tasks for someone with no role on it.
    if (!page || (page.accessToken === null && page.tasks.length === 0)) out.notManaged.push(id);
    else out.pages.push({ ...page, id });
  });
  return out;
}

/** (#100) subcode 33: the object does not exist or this token may not see it; (#803): no such alias. */
function isNoSuchObject(error: GraphError): boolean {
  return (error.graphCode === 100 && error.subcode === 33) || error.graphCode === 803;
}

function managedPage(item: unknown): ManagedPage | null {
  const page = record(item);
  const id = str(page?.id);
  if (!page || !id) return null;
  return { id, name: str(page.name) ?? '', accessToken: str(page.access_token), category: str(page.category), tasks: strings(page.tasks) };
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
