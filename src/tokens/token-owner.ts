// Who and which app a user token acts for, in words, for a question that acts on them (`revoke`): the user
// from /me (name and id), the app from debug_token when the app secret is at hand, else the configured id.
import type { Context } from '../context.js';
import type { GraphClient } from '../graph/types.js';
import { getMe } from '../graph/me.js';
import { debugToken, type TokenInfo } from '../graph/debug-token.js';
import { appTokenFor } from '../graph/oauth.js';
import type { TokenRecord } from '../store/token-store.js';
import { sanitize } from '../io/sanitize.js';

/** A name from Facebook in a question: escaped, and no longer than a line. */
const printable = (text: string) => sanitize(text.trim(), { max: 80 });

export interface TokenOwner {
  /** 'Jane Doe (100042)', or 'user 100042' when the name cannot be read. */
  user: string;
  /** 'app "Bot" (123)', 'app 123', or 'the configured app' when not even its id is known. */
  app: string;
}

export async function describeOwner(ctx: Context, graph: GraphClient, input: { token: string; record?: TokenRecord }): Promise<TokenOwner> {
  const config = await ctx.config();
  const appSecret = await ctx.appSecret().catch(() => undefined);
  // A dead token fails /me here, before the question, as it would fail the revocation itself.
  const [me, info] = await Promise.all([
    getMe(graph, { token: input.token }),
    config.appId && appSecret ? debugToken(graph, { appToken: appTokenFor(config.appId, appSecret), inputToken: input.token }) : Promise.resolve(null as TokenInfo | null),
  ]);
  const userName = me.name ?? input.record?.subjectName ?? null;
  const appId = info?.appId ?? input.record?.appId ?? config.appId ?? null;
  const appName = info?.application ?? null;
  return {
    user: userName ? `${printable(userName)} (${printable(me.id)})` : `user ${printable(me.id)}`,
    app: appId ? (appName ? `app "${printable(appName)}" (${printable(appId)})` : `app ${printable(appId)}`) : 'the configured app',
  };
}
