// Graph error envelopes, shaped like https://developers.facebook.com/docs/graph-api/guides/error-handling
import { randomBytes } from 'node:crypto';

/** What a handler answers; server.ts turns it into bytes. `raw` wins over `body`. */
export interface Reply {
  status: number;
  body?: unknown;
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Set by the batch handler so the request log can show how many items a batch carried. */
  batchSize?: number;
}

export interface ErrorFields {
  code: number;
  message: string;
  type?: string;
  subcode?: number;
  status?: number;
  transient?: boolean;
  userTitle?: string;
  userMsg?: string;
  headers?: Record<string, string>;
}

export function fbtraceId(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}

export function errorBody(f: ErrorFields): { error: Record<string, unknown> } {
  const error: Record<string, unknown> = { message: f.message, type: f.type ?? 'OAuthException', code: f.code };
  if (f.subcode !== undefined) error.error_subcode = f.subcode;
  if (f.transient !== undefined) error.is_transient = f.transient;
  if (f.userTitle !== undefined) error.error_user_title = f.userTitle;
  if (f.userMsg !== undefined) error.error_user_msg = f.userMsg;
  error.fbtrace_id = fbtraceId();
  return { error };
}

export function graphError(f: ErrorFields): Reply {
  return { status: f.status ?? 400, body: errorBody(f), headers: f.headers };
}

export function isReply(x: unknown): x is Reply {
  return typeof x === 'object' && x !== null && 'status' in x && typeof (x as Reply).status === 'number';
}

export function ok(body: unknown): Reply {
  return { status: 200, body };
}

export const cannotParseToken = (): Reply =>
  graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });

export const missingParam = (name: string): Reply =>
  graphError({ code: 100, message: `(#100) The parameter ${name} is required` });

export const invalidParam = (message: string, subcode?: number): Reply =>
  graphError({ code: 100, message, subcode });

export const unsupportedRequest = (method: string, id: string): Reply =>
  graphError({
    code: 100,
    subcode: 33,
    type: 'GraphMethodException',
    message:
      `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to ` +
      'missing permissions, or does not support this operation. Please read the Graph API documentation at ' +
      'https://developers.facebook.com/docs/graph-api',
  });

export const nonexistingField = (field: string, nodeType: string): Reply =>
  graphError({ code: 100, message: `(#100) Tried accessing nonexisting field (${field}) on node type (${nodeType})` });

export const missingPermission = (permission: string): Reply =>
  graphError({ code: 200, message: `(#200) Requires ${permission} permission to manage the object` });

export const clientSecretError = (): Reply => graphError({ code: 1, message: 'Error validating client secret.' });

export const appIdError = (): Reply =>
  graphError({ code: 101, message: 'Error validating application. Invalid application ID.' });
