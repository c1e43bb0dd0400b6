// The MCP tools: each runs the flow of the fbtok command it is named after and answers its --json.
// Read-only tools always; tools that change the store only with `fbtok mcp --allow-write`.
import { z } from 'zod';
import type { Context } from '../context.js';
import type { Flow } from './run-as-json.js';

export interface ToolSpec {
  name: string;
  description: string;
  input: z.ZodObject;
  writes: boolean;
  flow(args: Record<string, unknown>): Flow;
}

const tokenName = z.string().min(1).max(128).describe('a stored token name, e.g. user or page:123');

export const TOOLS: ToolSpec[] = [
  {
    name: 'status', writes: false,
    description: 'Stored tokens of this profile: type, subject, scopes, expiry and state (as `fbtok status --json`). check=true validates each online.',
    input: z.object({ check: z.boolean().optional().describe('validate online with batched debug_token') }),
    flow: (a) => async (ctx) => {
      const { parseStatusFlags, runStatus } = await import('../commands/status.js');
      return runStatus(parseStatusFlags({ check: a.check === true }), ctx);
    },
  },
  {
    name: 'debug_token', writes: false,
    description: 'What Facebook says of a stored token: validity, app, user or Page, scopes, expiry, and the fix (as `fbtok debug-token NAME --json`).',
    input: z.object({ name: tokenName.optional(), require: z.array(z.string().regex(/^[a-z_]{2,64}$/)).optional().describe('permissions the token must hold') }),
    flow: (a) => async (ctx) => {
      const { parseDebugTokenFlags, runDebugToken } = await import('../commands/debug-token.js');
      const require = Array.isArray(a.require) && a.require.length > 0 ? a.require.join(',') : undefined;
      return runDebugToken(parseDebugTokenFlags(String(a.name ?? 'user'), { require }), ctx);
    },
  },
  {
    name: 'doctor', writes: false,
    description: 'Checks config, store, clock, connectivity, every token and Messenger readiness (as `fbtok doctor --json`).',
    input: z.object({ fields: z.array(z.string()).optional().describe('webhook fields each Page must be subscribed to (default messages)') }),
    flow: (a) => async (ctx) => {
      const { parseDoctorFlags, runDoctor } = await import('../commands/doctor.js');
      return runDoctor(parseDoctorFlags({ fields: listOrUndefined(a.fields) }), ctx);
    },
  },
  {
    name: 'page_list', writes: false,
    description: 'Pages the stored user token manages (id, name, tasks) and which have a stored Page token. Never returns a token.',
    input: z.object({ as: tokenName.optional().describe('the user or system-user token to list with (default user)') }),
    flow: (a) => async (ctx) => (await import('./page-list.js')).runPageList(ctx, typeof a.as === 'string' ? a.as : 'user'),
  },
  {
    name: 'graph_get', writes: false,
    description: 'A read-only Graph API GET as a stored token (as `fbtok api PATH --as NAME`); tokens in the answer are replaced by fingerprints.',
    input: z.object({
      path: z.string().min(1).max(512).describe('a Graph path such as /me, me/accounts or /PAGE_ID/conversations'),
      as: z.string().min(1).max(128).optional().describe('stored token name (default user), or app'),
      params: z.record(z.string(), z.string()).optional().describe('query parameters, e.g. {"fields": "id,name"}'),
      paginate: z.boolean().optional().describe('follow paging.next and return every data item'),
    }),
    flow: (a) => async (ctx) => {
      const { runApi } = await import('../api/run-api.js');
      const params = (a.params ?? {}) as Record<string, string>;
      return runApi({
        words: [String(a.path)], method: 'GET', rawFields: Object.entries(params).map(([k, v]) => `${k}=${v}`), typedFields: [],
        as: typeof a.as === 'string' ? a.as : 'user', tokenStdin: false, paginate: a.paginate === true, jsonl: false,
        include: false, dryRun: false, showTokens: false,
      }, ctx);
    },
  },
  {
    name: 'log', writes: false,
    description: 'The audit log of changes to the token store: who changed which token when, fingerprints only (as `fbtok log --json`).',
    input: z.object({ limit: z.number().int().min(1).max(10_000).optional() }),
    flow: (a) => async (ctx) => {
      const { parseLogFlags, runLog } = await import('../commands/log.js');
      return runLog(parseLogFlags({ limit: a.limit }), ctx);
    },
  },
  {
    name: 'rotate', writes: true,
    description: 'Renews what is due (as `fbtok rotate --json`): exchanges, re-derives Page tokens, verifies, swaps; says what it changed. dry_run=true changes nothing.',
    input: z.object({
      names: z.array(tokenName).optional(),
      within: z.string().regex(/^\d+[smhd]$/).optional().describe('due when expiring within this window, e.g. 14d'),
      dry_run: z.boolean().optional(),
    }),
    flow: (a) => async (ctx) => {
      const { parseRotateFlags, runRotate } = await import('../commands/rotate.js');
      const names = Array.isArray(a.names) ? a.names.map(String) : [];
      return runRotate(parseRotateFlags(names, { within: a.within, dryRun: a.dry_run === true }), ctx);
    },
  },
  {
    name: 'fix_subscriptions', writes: true,
    description: "Subscribes the app to each stored Page's webhooks and reports each Page it subscribed or could not (as `fbtok doctor --fix-subscriptions --json`).",
    input: z.object({ fields: z.array(z.string()).optional().describe('webhook fields (default messages)') }),
    flow: (a) => async (ctx) => {
      const { parseDoctorFlags, runDoctor } = await import('../commands/doctor.js');
      return runDoctor(parseDoctorFlags({ fields: listOrUndefined(a.fields), fixSubscriptions: true }), ctx);
    },
  },
];

export function toolsFor(allowWrite: boolean): ToolSpec[] {
  return TOOLS.filter((t) => allowWrite || !t.writes);
}

function listOrUndefined(value: unknown): string | undefined {
  return Array.isArray(value) && value.length > 0 ? value.map(String).join(',') : undefined;
}

export type { Context };
