// The README's exit-code and environment tables against the code: a code or variable added to one and
// not the other fails here.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExitCode } from '../../src/errors.js';

const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`);
  expect(start, `README has a "## ${heading}" section`).toBeGreaterThan(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('README contract', () => {
  it('the exit-code table lists exactly the codes in ExitCode', () => {
    const rows = [...section('Exit codes').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(rows.sort((a, b) => a - b)).toEqual([...new Set(Object.values(ExitCode))].sort((a, b) => a - b));
  });

  it('the environment table names every FBTOK_ variable the code reads', () => {
    const table = section('Environment');
    const read = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      // The emulator's own variables and the list of secret names are not settings.
      if (file.includes(`${join('src', 'emulator')}`)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/\benv(?:\?\.|\.|\[')(FBTOK_[A-Z_]+)/g)) read.add(m[1]);
    }
    expect(read.size).toBeGreaterThan(10);
    const missing = [...read].filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
