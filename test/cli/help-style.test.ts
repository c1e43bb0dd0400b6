// Every help page reads like the root one: capitalised descriptions, no "(default: false)", and each
// command's page points to the global options it also takes.
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/commands/manifest.js';
import { runCli } from '../helpers/run-cli.js';

const SUBCOMMANDS: Record<string, string[]> = { token: ['list', 'get', 'import', 'delete', 'export'], config: ['get', 'set', 'list'], profile: ['list', 'use', 'delete'] };
const POINTER = 'Global options (--profile, --json, --verbose, --store, ...): fbtok --help';

/** The description column of the Options, Arguments and Commands sections: first word of each entry. */
function descriptions(help: string): string[] {
  const out: string[] = [];
  let inList = false;
  for (const line of help.split('\n')) {
    if (/^(Options|Arguments|Commands):$/.test(line)) inList = true;
    else if (!line.startsWith('  ')) inList = false;
    else if (inList) {
      const m = /^ {2}\S.*?\s{2,}(\S.*)$/.exec(line);
      if (m) out.push(m[1]);
    }
  }
  return out;
}

describe('--help style', () => {
  const pages = [[], ...COMMANDS.filter((c) => !c.hidden).flatMap((c) => [[c.name], ...(SUBCOMMANDS[c.name] ?? []).map((s) => [c.name, s])])];

  it.each(pages.map((words) => [words.join(' ') || '(root)', words]))('%s', async (_, words) => {
    const r = await runCli([...(words as string[]), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('(default: false');
    expect(r.stdout).not.toContain('default: false');
    const entries = descriptions(r.stdout);
    expect(entries.length).toBeGreaterThan(0);
    // Capitalised, unless the description is a list of literal values (`keychain | file | helper:NAME`).
    expect(entries.filter((d) => /^[a-z]/.test(d) && !/^[a-z]+ \|/.test(d))).toEqual([]);
    if ((words as string[]).length > 0) {
      expect(r.stdout.trimEnd().endsWith(`\n\n${POINTER}`)).toBe(true);
      expect(r.stdout.endsWith(`${POINTER}\n`)).toBe(true);
    } else {
      // The root lists the global options themselves.
      expect(r.stdout).toContain('--profile <name>');
    }
  });
});
