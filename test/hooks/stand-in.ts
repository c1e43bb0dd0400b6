// Stand-in executables for hook tests: each records its name, argv, stdin and environment as one JSON line,
// so a test sees exactly what a real `gh`, `vault`, `aws`, `kubectl`, `systemctl` or `curl` would have got.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Call {
  tool: string;
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

export interface StandIns {
  /** Put this first in PATH. */
  bin: string;
  calls(): Call[];
}

/**
 * Writes stand-ins named `tools` into `dir/bin`. `exits` gives a tool a non-zero exit status;
 * `stdout` makes one print a fixed text (kubectl create ... -o yaml prints the manifest).
 */
export function makeStandIns(dir: string, tools: string[], opts: { exits?: Record<string, number>; stdout?: Record<string, string> } = {}): StandIns {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'calls.jsonl');
  for (const tool of tools) {
    const script = `#!${process.execPath}
const fs = require('node:fs');
let stdin = '';
try { stdin = fs.readFileSync(0, 'utf8'); } catch {}
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify({ tool: ${JSON.stringify(tool)}, argv: process.argv.slice(2), stdin, env: process.env }) + '\\n');
process.stdout.write(${JSON.stringify(opts.stdout?.[tool] ?? '')});
process.exitCode = ${opts.exits?.[tool] ?? 0};
`;
    writeFileSync(join(bin, tool), script);
    chmodSync(join(bin, tool), 0o755);
  }
  return {
    bin,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Call) : []),
  };
}
