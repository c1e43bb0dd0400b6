import { afterEach, describe, expect, it } from 'vitest';
import { join, relative } from 'node:path';
import { walkFiles } from '../../src/scan/walk-files.js';
import { makeTree, type Tree } from './tree.js';

async function walk(roots: string[], base: string, options = {}): Promise<string[]> {
  const out: string[] = [];
  for await (const file of walkFiles(roots, options)) out.push(relative(base, file));
  return out.sort();
}

describe('walkFiles', () => {
  const trees: Tree[] = [];
  afterEach(() => trees.splice(0).forEach((t) => t.remove()));
  const tree = (files: Record<string, string>) => {
    const t = makeTree(files);
    trees.push(t);
    return t;
  };

  it('yields every file, skipping node_modules and .git without entering them', async () => {
    const t = tree({ 'a.js': '', 'src/b.ts': '', 'src/deep/c.md': '', 'node_modules/x/index.js': '', '.git/config': '', 'src/node_modules/y.js': '' });
    expect(await walk([t.dir], t.dir)).toEqual(['a.js', 'src/b.ts', 'src/deep/c.md']);
  });

  it('honours .gitignore, nested ones and negations', async () => {
    const t = tree({
      '.gitignore': 'dist/\n*.log\nsecrets.env\n',
      'dist/out.js': '',
      'app.log': '',
      'secrets.env': '',
      'src/.gitignore': 'generated/\n!keep.log\n',
      'src/keep.log': '',
      'src/generated/g.js': '',
      'src/main.js': '',
      'src/other.log': '',
    });
    expect(await walk([t.dir], t.dir)).toEqual(['.gitignore', 'src/.gitignore', 'src/keep.log', 'src/main.js']);
    expect(await walk([t.dir], t.dir, { gitignore: false })).toContain('dist/out.js');
  });

  it('applies the .gitignore files above a root inside a work tree, and yields a named file even when ignored', async () => {
    const t = tree({ '.git/HEAD': '', '.gitignore': '*.secret\n', 'sub/a.secret': '', 'sub/b.js': '' });
    expect(await walk([join(t.dir, 'sub')], t.dir)).toEqual(['sub/b.js']);
    expect(await walk([join(t.dir, 'sub/a.secret')], t.dir)).toEqual(['sub/a.secret']);
  });

  it('keeps the root as given in the yielded paths', async () => {
    const t = tree({ 'x/y.js': '' });
    const out: string[] = [];
    for await (const file of walkFiles([join(t.dir, 'x')])) out.push(file);
    expect(out).toEqual([join(t.dir, 'x', 'y.js')]);
  });
});
