// The app's webhook subscription on a Page (Page token; needs pages_manage_metadata).
// https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps
import type { GraphClient } from './types.js';
import { record, str } from './json.js';
import { successOf } from './oauth.js';

export interface SubscribedApp {
  id: string;
  name: string | null;
  subscribedFields: string[];
}

/** `proof: false` sends no appsecret_proof (doctor, when Facebook refuses the app secret it would be signed with). */
export async function getSubscribedApps(graph: GraphClient, options: { pageId: string; pageToken: string; proof?: boolean }): Promise<SubscribedApp[]> {
  const items = await graph.paginate<unknown>({
    path: `/${encodeURIComponent(options.pageId)}/subscribed_apps`,
    token: options.pageToken,
    proof: options.proof,
  });
  const apps: SubscribedApp[] = [];
  for (const item of items) {
    const app = record(item);
    const id = str(app?.id);
    if (!app || !id) continue;
    const fields = Array.isArray(app.subscribed_fields) ? app.subscribed_fields : [];
    // Fields come as strings, or (some versions) as {name, version} objects.
    const subscribedFields = fields.map((f) => str(f) ?? str(record(f)?.name)).filter((f): f is string => f !== null);
    apps.push({ id, name: str(app.name), subscribedFields });
  }
  return apps;
}

/** POST subscribed_fields=a,b,...; replaces the app's subscribed fields on that Page. */
export async function subscribeApp(
  graph: GraphClient,
  options: { pageId: string; pageToken: string; fields: readonly string[]; proof?: boolean },
): Promise<{ success: boolean }> {
  const res = await graph.request<unknown>({
    method: 'POST',
    path: `/${encodeURIComponent(options.pageId)}/subscribed_apps`,
    form: { subscribed_fields: options.fields.join(',') },
    token: options.pageToken,
    proof: options.proof,
  });
  return { success: successOf(res.data) };
}
