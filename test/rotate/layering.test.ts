// Flows live outside commands/: rotate's login shares the login flow with `fbtok login` instead of
// importing the login command (style.md, "Flows live outside commands").
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Static and dynamic imports of a module file, as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('the login flow is shared, not borrowed from a command', () => {
  const files = [...readdirSync(join(SRC, 'rotate')).map((f) => join(SRC, 'rotate', f)), join(SRC, 'auth', 'login-flow.ts')];

  it.each(files.map((f) => [f.slice(SRC.length + 1), f]))('%s imports no command file', (_name, file) => {
    expect(importsOf(file).filter((i) => /(^|\/)commands\//.test(i))).toEqual([]);
  });

  it('login and rotate both reach the same runLogin', () => {
    expect(importsOf(join(SRC, 'commands', 'login.ts'))).toContain('../auth/login-flow.js');
    expect(readFileSync(join(SRC, 'rotate', 'login-renewal.ts'), 'utf8')).toMatch(/import\('\.\.\/auth\/login-flow\.js'\)/);
  });
});
