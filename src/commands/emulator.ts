import type { Command } from 'commander';
import type { Context } from '../context.js';
import { printJson, withExamples, type AppHandle } from './command-kit.js';
import { UsageError, CancelledError } from '../errors.js';

export interface EmulatorCommandOptions {
  port?: string;
  pages?: string;
  requireProof?: boolean;
  dialog?: string;
  extendOnExchange?: boolean;
  latency?: string;
}

export function registerEmulator(program: Command, app: AppHandle): void {
  const command = program
    .command('emulator')
    .option('--port <port>', 'port on 127.0.0.1 (default random)')
    .option('--pages <n>', 'how many Pages the emulated user manages (default 3)')
    .option('--dialog <mode>', 'login dialog: auto (approve at once), page (a consent page), deny', 'page')
    .option('--require-proof', 'require appsecret_proof, like "Require App Secret" in the dashboard')
    .option('--extend-on-exchange', 'extend long-lived tokens when exchanged again (Meta documents that it does not)')
    .option('--latency <ms>', 'added to every response');
  withExamples(command, ['fbtok emulator --port 8787', 'fbtok emulator --pages 500 --latency 50 --json']);
  command.action(async (opts: EmulatorCommandOptions) => app.run((ctx) => runEmulator(opts, ctx)));
}

/** Runs until Ctrl-C; prints how to point fbtok (or a bot) at it. */
export async function runEmulator(opts: EmulatorCommandOptions, ctx: Context): Promise<number> {
  const dialog = opts.dialog ?? 'page';
  if (!['auto', 'page', 'deny'].includes(dialog)) throw new UsageError(`Unknown --dialog "${dialog}".`, 'Use auto, page or deny.');
  const { runEmulatorServer } = await import('../emulator/index.js');
  const options = {
    port: optionalInt(opts.port, '--port', 0, 65535),
    pages: optionalInt(opts.pages, '--pages', 0, 100_000),
    latencyMs: optionalInt(opts.latency, '--latency', 0, 60_000),
    dialog: dialog as 'auto' | 'page' | 'deny',
    requireAppSecretProof: Boolean(opts.requireProof),
    extendLongLivedOnExchange: Boolean(opts.extendOnExchange),
  };
  const lines: string[] = [];
  const emu = await runEmulatorServer(options, (line) => lines.push(line)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE' && error.code !== 'EACCES') throw error;
    const why = error.code === 'EADDRINUSE' ? 'is in use by another program' : 'may not be opened by this user';
    throw new UsageError(`Port ${options.port} on 127.0.0.1 ${why}.`, 'Pick another with --port, or leave it out for a free one.', 'PORT_UNAVAILABLE');
  });
  if (ctx.globals.json) {
    printJson(ctx, { url: emu.url, appId: emu.appId, appSecret: emu.appSecret, clientToken: emu.clientToken, user: emu.user, pages: emu.pages.length });
  } else {
    for (const line of lines) (line.startsWith('export ') ? ctx.io.out : ctx.io.err)(line);
    ctx.io.err('Press Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) return resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await emu.close();
  throw new CancelledError('Emulator stopped.');
}

function optionalInt(text: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`Invalid ${flag} "${text}".`, `Use a whole number from ${min} to ${max}.`);
  return n;
}
