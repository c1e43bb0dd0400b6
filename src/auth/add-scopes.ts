// `fbtok login --add-scopes a,b`: the permissions the stored user token already has plus these, asked for
// again with auth_type=rerequest (Facebook does not show a declined permission again without it), as
// `gh auth refresh -s` adds to a token's scopes without retyping them.
import type { Context } from '../context.js';

/** Granted scopes of the stored user token (else the profile's), then `added`. */
export async function scopesWithAdded(ctx: Context, added: string[], configured: string[]): Promise<string[]> {
  const current = (await storedUserScopes(ctx)) ?? configured;
  return [...new Set([...current, ...added])];
}

async function storedUserScopes(ctx: Context): Promise<string[] | undefined> {
  try {
    const user = await (await ctx.store()).get('user');
    return user && user.scopes.length > 0 ? user.scopes : undefined;
  } catch {
    return undefined; // the store's own error comes from the login itself, with its remedy
  }
}
