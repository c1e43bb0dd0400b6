// Who a token belongs to. https://developers.facebook.com/docs/graph-api/reference/user
import type { GraphClient } from './types.js';
import { GraphError } from './graph-error.js';
import { record, str } from './json.js';

export interface Me {
  id: string;
  /** null when the token cannot read the name (e.g. some system users). */
  name: string | null;
}

export async function getMe(graph: GraphClient, options: { token: string }): Promise<Me> {
  const res = await graph.request<unknown>({ path: '/me', query: { fields: 'id,name' }, token: options.token });
  const data = record(res.data);
  const id = str(data?.id);
  if (!id) throw GraphError.unexpected('/me', res.status);
  return { id, name: str(data?.name) };
}
