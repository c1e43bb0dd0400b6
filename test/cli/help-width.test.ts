// Every --help fits an 80-column terminal (the root help is rendered at that width at build time); only
// example command lines, which must stay copyable, may run longer.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/manifest.js';
import { runCli } from '../helpers/run-cli.js';

const SUBCOMMANDS: Record<string, string[]> = { token: ['list', 'get', 'import', 'delete', 'export'], config: ['get', 'set', 'list'], profile: ['list', 'use', 'delete'] };

describe('--help width', () => {
  const pages = [[], ...COMMANDS.filter((c) => !c.hidden).flatMap((c) => [[c.name], ...(SUBCOMMANDS[c.name] ?? []).map((s) => [c.name, s])])];

  it.each(pages.map((words) => [words.join(' ') || '(root)', words]))('%s: every line but examples within 80 columns', async (_, words) => {
    const r = await runCli([...(words as string[]), '--help']);
    expect(r.code).toBe(0);
    const long = r.stdout.split('\n').filter((line) => line.length > 80 && !/^\s+\$ /.test(line));
    expect(long).toEqual([]);
  });
});
