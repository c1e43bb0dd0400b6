// `token export --write FILE [--if-changed]`: flags and the flow, so the command file gains only a few lines.
import type { Context } from '../context.js';
import { ExitCode, UsageError } from '../errors.js';
import { variableNameFor, type ExportedToken } from './export-formats.js';
import { writeDotenvFile } from './write-dotenv.js';

/** Only what was given: a plain export's options stay as they were. */
export function parseWriteFlags(flags: Record<string, unknown>, format: string | undefined): { write?: string; ifChanged?: boolean } {
  const write = flags.write === undefined ? undefined : String(flags.write);
  const ifChanged = Boolean(flags.ifChanged);
  if (ifChanged && write === undefined) throw new UsageError('--if-changed goes with --write.', 'fbtok token export user --write .env --if-changed');
  if (write !== undefined && format !== undefined && format !== 'dotenv') {
    throw new UsageError(`--write updates a .env file; it cannot go with --format ${format}.`, 'Drop --format (or use --format dotenv) with --write.');
  }
  if (write !== undefined && write.trim() === '') throw new UsageError('--write needs a file name.', 'fbtok token export user --write .env');
  return write === undefined ? {} : { write, ifChanged };
}

export async function exportToDotenvFile(ctx: Context, path: string, tokens: ExportedToken[], ifChanged: boolean): Promise<number> {
  const values = new Map(tokens.map((t) => [variableNameFor(t.name), t.secret]));
  const result = await writeDotenvFile(path, values);
  if (ctx.globals.json) ctx.io.out(JSON.stringify({ file: path, written: result.written, created: result.created, changed: result.changed }, null, 2));
  const shown = JSON.stringify(path).slice(1, -1);
  if (!result.written) {
    ctx.io.err(`${shown} already holds ${[...values.keys()].join(', ')}; nothing written.`);
    return ifChanged ? ExitCode.exportUnchanged : ExitCode.ok;
  }
  ctx.io.err(`${result.created ? 'Created' : 'Updated'} ${shown}: ${result.changed.join(', ')}.`);
  return ExitCode.ok;
}
