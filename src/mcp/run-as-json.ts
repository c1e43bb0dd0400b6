// Runs one fbtok flow for an MCP tool exactly as `fbtok <command> --json` would, into memory: a Context of
// its own with a captured IO (the server's stdout carries the protocol and must never see a command's
// output), no terminal (so no prompt can start), and the --json value or --json error as the result.
import { PassThrough } from 'node:stream';
import type { Context } from '../context.js';
import { createContext } from '../create-context.js';
import { createIO } from '../io/io.js';
import { reportError } from '../report-error.js';
import { hideTokens } from '../api/hide-tokens.js';
import { redact } from '../util/redact.js';

export interface JsonRun {
  exitCode: number;
  /** What --json printed on stdout (the error object on failure); null when it printed nothing. */
  value: unknown;
  /** Warnings and notes the command wrote for people (stderr), redacted. */
  notes: string[];
}

export type Flow = (ctx: Context) => Promise<number | void>;

export async function runAsJson(parent: Context, flow: Flow): Promise<JsonRun> {
  let out = '';
  let err = '';
  const stdout = Object.assign(new PassThrough(), { isTTY: false }).setEncoding('utf8');
  const stderr = Object.assign(new PassThrough(), { isTTY: false }).setEncoding('utf8');
  stdout.on('data', (d: string) => (out += d));
  stderr.on('data', (d: string) => (err += d));
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end();
  const io = await createIO({ stdin, stdout, stderr, env: parent.env, noColor: true });
  const ctx = createContext({
    version: parent.version, env: parent.env, io, clock: parent.clock, signal: parent.signal,
    globals: { ...parent.globals, json: true, verbose: false, color: false },
    openUrl: async () => false,
  });
  let exitCode: number;
  try {
    exitCode = (await flow(ctx)) ?? 0;
  } catch (error) {
    exitCode = reportError(error, io, { verbose: false, json: true });
  } finally {
    await ctx.close().catch(() => {});
  }
  await new Promise((resolve) => setImmediate(resolve));
  return { exitCode, value: scrub(parseJson(out)), notes: err.split('\n').filter(Boolean).map((l) => redact(l)) };
}

/** Whatever a flow printed, tokens and known secrets replaced: a tool never returns a secret. */
export function scrub(value: unknown): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return TOKEN_MARKER.test(v) ? v : redact(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(hideTokens(value ?? null));
}

const TOKEN_MARKER = /^\[token [0-9a-f]{12}\]$/;

function parseJson(text: string): unknown {
  const trimmed = text.trim();
  if (!trimmed) return null;
  try {
    return JSON.parse(trimmed);
  } catch {
    // Several JSON documents (one per line, e.g. --jsonl): an array of them.
    return trimmed.split('\n').filter(Boolean).map((line) => {
      try {
        return JSON.parse(line);
      } catch {
        return line;
      }
    });
  }
}
