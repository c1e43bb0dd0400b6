// The request context every Graph handler receives.
import type { Reply } from './errors.js';
import type { EmulatorState } from './state.js';

export interface GraphRequest {
  method: string;
  /** Path without the version prefix, e.g. '/me/accounts'. */
  path: string;
  /** '/v26.0' or '' when the caller sent none; reused in paging URLs. */
  versionPrefix: string;
  query: Record<string, string>;
  form: Record<string, string>;
  /** The token of an Authorization header; used only while the `authorizationHeader` option is on. */
  headerToken?: string;
}

export interface Ctx {
  state: EmulatorState;
  req: GraphRequest;
  /** Query and form merged (form wins), as Graph does; the Authorization header's token under both. */
  params: Record<string, string>;
  /** Set for items executed inside a batch request. */
  inBatch?: boolean;
}

export type Handler = (ctx: Ctx, segments: string[]) => Reply | Promise<Reply>;

export function makeCtx(state: EmulatorState, req: GraphRequest, inBatch = false): Ctx {
  const header: Record<string, string> = req.headerToken !== undefined && state.opts.authorizationHeader ? { access_token: req.headerToken } : {};
  return { state, req, params: { ...header, ...req.query, ...req.form }, inBatch };
}

export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return value.split(/[,\s]+/).map((s) => s.trim()).filter(Boolean);
}

/** Splits '/v26.0/me' into '/v26.0' and '/me'; unversioned paths keep an empty prefix. */
export function splitVersion(pathname: string): { versionPrefix: string; path: string } {
  const m = /^\/v\d+(?:\.\d+)?(?=\/|$)/.exec(pathname);
  if (!m) return { versionPrefix: '', path: pathname || '/' };
  return { versionPrefix: m[0], path: pathname.slice(m[0].length) || '/' };
}
