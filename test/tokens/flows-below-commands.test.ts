// "The house": flows live in domain folders; nothing below src/commands reaches up into a command file
// (command-kit holds helpers, not a command). src/mcp is a second front end beside src/commands (its tools
// run the commands' flows and answer their --json), so it sits at the commands' level.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../../src');
const PENDING = new Set<string>();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function upwardImports(): string[] {
  const found: string[] = [];
  for (const file of filesUnder(SRC)) {
    const from = relative(SRC, file);
    if (!from.includes('/') || from.startsWith('commands/') || from.startsWith('mcp/')) continue; // src/*.ts wire commands up: above them
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = relative(SRC, resolve(dirname(file), m[1])).replace(/\.js$/, '.ts');
      if (to.startsWith('commands/') && to !== 'commands/command-kit.ts') found.push(`${from} -> ${to}`);
    }
  }
  return found.filter((arrow) => !PENDING.has(arrow));
}

describe('flows below commands', () => {
  it('no module below src/commands imports a command file (page-tokens flow lives in src/tokens)', () => {
    expect(upwardImports()).toEqual([]);
  });
});
