// After a permission refusal (Graph codes 10 and 200-299), one debug_token on the token that was used tells
// whether it lacks the permission Facebook named, and so which fix applies.
import type { Context } from '../context.js';
import { debugToken } from '../graph/debug-token.js';
import type { GraphError } from '../graph/graph-error.js';
import { isPermissionCode } from '../graph/remedies.js';
import { appAccessToken } from '../tokens/app-credentials.js';

/** The permission a Graph message names: "requires the pages_messaging permission", "Requires X permission". */
export function permissionNamed(message: string): string | undefined {
  const m = /\b([a-z]+(?:_[a-z]+)+)\s+permission/i.exec(message) ?? /permission[s]?\s*(?:\(s\))?\s*[:=]?\s*([a-z]+(?:_[a-z]+)+)/i.exec(message);
  return m?.[1].toLowerCase();
}

export interface PermissionHint {
  permission?: string;
  /** Whether the token holds it, per debug_token; undefined when that could not be asked. */
  tokenHasIt?: boolean;
  remedy: string;
}

/** A remedy naming the missing permission and how to get it; never throws (the original error matters more). */
export async function explainPermissionError(ctx: Context, error: GraphError, token: string, tokenLabel: string): Promise<PermissionHint | undefined> {
  if (!isPermissionCode(error.graphCode)) return undefined;
  const permission = permissionNamed(error.message);
  let scopes: string[] | undefined;
  let type: string | null = null;
  try {
    const info = await debugToken(await ctx.graph(), { appToken: await appAccessToken(ctx), inputToken: token });
    scopes = info.valid ? info.scopes : undefined;
    type = info.type;
  } catch (cause) {
    ctx.debug(`debug_token after the permission error failed: ${(cause as Error).message}`);
  }
  const tokenHasIt = permission && scopes ? scopes.includes(permission) : undefined;
  return { permission, tokenHasIt, remedy: remedyOf(permission, tokenHasIt, type, tokenLabel) };
}

function remedyOf(permission: string | undefined, has: boolean | undefined, type: string | null, label: string): string {
  const isPage = type === 'PAGE';
  if (!permission) {
    return `Facebook did not name the permission: compare \`fbtok debug-token ${label}\` with the call's documentation, then \`fbtok login --add-scopes ...\`.`;
  }
  if (has === false) {
    const derive = isPage ? ', then `fbtok page-tokens` to re-derive the Page token' : '';
    return `${label} lacks ${permission}: log in asking for it (\`fbtok login --scopes <current>,${permission} --auth-type rerequest\`)${derive}.`;
  }
  if (has === true) {
    return `${label} holds ${permission}, yet Facebook refused: the app may lack Advanced Access to ${permission} (App Review), or the user lacks the Page task it needs.`;
  }
  return `The call needs ${permission}: check \`fbtok debug-token ${label} --require ${permission}\` and log in asking for it.`;
}
