// Granted permissions and de-authorization.
// https://developers.facebook.com/docs/graph-api/reference/user/permissions
import type { GraphClient } from './types.js';
import { record, str } from './json.js';
import { successOf } from './oauth.js';

/** pages_messaging, public_profile: what a permission (scope) name looks like, tolerantly. */
export function isPermissionName(name: string): boolean {
  return /^[a-z0-9_]{2,80}$/.test(name);
}

export interface Permission {
  permission: string;
  /** 'granted' | 'declined' | 'expired', or whatever else Facebook says. */
  status: string;
}

export async function listPermissions(graph: GraphClient, options: { userToken: string; userId?: string }): Promise<Permission[]> {
  const items = await graph.paginate<unknown>({ path: `/${userPath(options.userId)}/permissions`, token: options.userToken });
  const out: Permission[] = [];
  for (const item of items) {
    const entry = record(item);
    const permission = str(entry?.permission) ?? str(entry?.name);
    if (permission) out.push({ permission, status: str(entry?.status) ?? 'granted' });
  }
  return out;
}

/** DELETE /{user}/permissions: de-authorizes the app and kills all of the user's tokens for it (later: 190/458). */
export async function revokeAppAuthorization(
  graph: GraphClient,
  options: { userToken: string; userId?: string },
): Promise<{ success: boolean }> {
  const res = await graph.request<unknown>({ method: 'DELETE', path: `/${userPath(options.userId)}/permissions`, token: options.userToken });
  return { success: successOf(res.data) };
}

/** DELETE /{user}/permissions/{name}: revokes one permission. */
export async function revokePermission(
  graph: GraphClient,
  options: { userToken: string; permission: string; userId?: string },
): Promise<{ success: boolean }> {
  const res = await graph.request<unknown>({
    method: 'DELETE',
    path: `/${userPath(options.userId)}/permissions/${encodeURIComponent(options.permission)}`,
    token: options.userToken,
  });
  return { success: successOf(res.data) };
}

function userPath(userId: string | undefined): string {
  return userId ? encodeURIComponent(userId) : 'me';
}
