// `fbtok mcp`: a Model Context Protocol server on stdio (the official SDK) whose tools run fbtok's flows.
// Every result passes through scrub(): no tool returns a token, an app secret or a client token.
import { McpServer } from '@modelcontextprotocol/server';
import { StdioServerTransport } from '@modelcontextprotocol/server/stdio';
import type { Context } from '../context.js';
import { runAsJson } from './run-as-json.js';
import { toolsFor } from './tools.js';

export interface McpOptions {
  allowWrite: boolean;
}

export async function serveMcp(opts: McpOptions, ctx: Context): Promise<number> {
  const server = new McpServer({ name: 'fbtok', version: ctx.version });
  for (const tool of toolsFor(opts.allowWrite)) {
    server.registerTool(tool.name, {
      description: tool.description,
      inputSchema: tool.input,
      annotations: { readOnlyHint: !tool.writes, destructiveHint: false, openWorldHint: true },
    }, async (args: Record<string, unknown>) => {
      const run = await runAsJson(ctx, tool.flow(args ?? {}));
      const failed = isErrorEnvelope(run.value);
      const content = [{ type: 'text' as const, text: JSON.stringify(run.value, null, 2) }];
      if (run.notes.length > 0 || run.exitCode !== 0) {
        content.push({ type: 'text' as const, text: [`exit code ${run.exitCode}`, ...run.notes].join('\n') });
      }
      return { content, isError: failed };
    });
  }
  const transport = new StdioServerTransport(ctx.io.stdin, ctx.io.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    ctx.io.stdin.once('end', () => resolve());
    ctx.io.stdin.once('close', () => resolve());
  });
  await server.connect(transport);
  ctx.io.err(`fbtok MCP server on stdio (profile ${ctx.globals.profile}${opts.allowWrite ? ', write tools on' : ', read-only'}).`);
  await closed;
  await server.close().catch(() => {});
  return 0;
}

function isErrorEnvelope(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1 && 'error' in value;
}
