// `debug-token --require`: the cause of each missing permission, from the user's /me/permissions (read once
// per run), and what fbtok needs for what is stored (never "candidates to drop").
import type { Context } from '../context.js';
import type { TokenInfo } from '../graph/debug-token.js';
import type { TokenRecord } from '../store/token-store.js';
import { listPermissions, type Permission } from '../graph/permissions.js';
import { diagnoseMissing, neededForStored, type PermissionDiagnosis } from './diagnose-permissions.js';

export interface RequireContext {
  needed: string[];
  /** The causes for one token's missing permissions ([] when none is missing or the cause cannot be looked up). */
  causesFor(info: TokenInfo, token: string, required: readonly string[]): Promise<PermissionDiagnosis[]>;
}

export async function requireContext(ctx: Context, records: TokenRecord[]): Promise<RequireContext> {
  const needed = neededForStored(records.map((r) => r.type));
  const userRecord = records.find((r) => r.name === 'user' && r.type === 'USER');
  let storedUser: Promise<string | undefined> | undefined;
  const userSecret = () => (storedUser ??= userRecord ? ctx.store().then((s) => s.getSecret('user')).catch(() => undefined) : Promise.resolve(undefined));
  // One /me/permissions per user token for the whole run, however many Page tokens lack something.
  const permissions = new Map<string, Promise<Permission[] | null>>();
  const permissionsOf = async (userToken: string | undefined) => {
    if (!userToken) return null;
    let p = permissions.get(userToken);
    if (!p) {
      p = ctx.graph().then((graph) => listPermissions(graph, { userToken })).catch(() => null);
      permissions.set(userToken, p);
    }
    return p;
  };
  return {
    needed,
    async causesFor(info, token, required) {
      const missing = required.filter((s) => !info.scopes.includes(s));
      if (!info.valid || missing.length === 0 || (info.type !== 'USER' && info.type !== 'PAGE')) return [];
      const page = info.type === 'PAGE';
      const [config, userToken] = await Promise.all([ctx.config(), page ? userSecret() : Promise.resolve(token || undefined)]);
      return diagnoseMissing({
        missing, pageToken: page, configuredScopes: config.scopes, permissions: await permissionsOf(userToken),
        userScopes: page ? (userRecord?.scopes ?? null) : info.scopes,
      });
    },
  };
}
