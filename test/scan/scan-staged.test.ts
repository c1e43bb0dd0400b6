import { afterEach, describe, expect, it } from 'vitest';
import { scanStaged } from '../../src/scan/scan-staged.js';
import { fakeToken, makeTree, type Tree } from './tree.js';

describe('scanStaged', () => {
  const trees: Tree[] = [];
  afterEach(() => trees.splice(0).forEach((t) => t.remove()));
  const repo = () => {
    const t = makeTree();
    trees.push(t);
    t.git('init', '-q');
    return t;
  };

  it('scans the staged content, not the work tree', async () => {
    const t = repo();
    const staged = fakeToken();
    const unstaged = fakeToken();
    t.write('a.js', `one\ntwo\nconst t = "${staged}";\n`);
    t.git('add', 'a.js');
    t.write('a.js', 'cleaned in the work tree but not staged\n');
    t.write('b.js', `const u = "${unstaged}";\n`);
    const result = await scanStaged({ cwd: t.dir, maxSize: 1 << 20 });
    expect(result.findings.map((f) => [f.file, f.line, f.secret])).toEqual([['a.js', 3, staged]]);
  });

  it('finds nothing when the token was removed in the staged version, and skips deleted files', async () => {
    const t = repo();
    t.write('a.js', `const t = "${fakeToken()}";\n`);
    t.write('gone.js', `const t = "${fakeToken()}";\n`);
    t.git('add', '.');
    t.git('commit', '-q', '-m', 'with tokens');
    t.write('a.js', 'clean\n');
    t.git('add', 'a.js');
    t.git('rm', '-q', 'gone.js');
    const result = await scanStaged({ cwd: t.dir, maxSize: 1 << 20 });
    expect(result.findings).toEqual([]);
    expect(result.filesScanned).toBe(1);
  });

  it('limits the scan to the given paths, reports paths from the top, scans small binaries and skips large ones', async () => {
    const t = repo();
    const token = fakeToken();
    t.write('src/x.js', `"${token}"`);
    t.write('docs/y.md', `"${fakeToken()}"`);
    t.write('bin.dat', Buffer.concat([Buffer.from([0]), Buffer.from(fakeToken())]));
    t.git('add', '.');
    expect((await scanStaged({ cwd: t.dir, paths: ['src'], maxSize: 1 << 20 })).findings.map((f) => f.file)).toEqual(['src/x.js']);
    const all = await scanStaged({ cwd: `${t.dir}/src`, maxSize: 1 << 20 });
    expect(all.findings.map((f) => f.file)).toEqual(['bin.dat', 'docs/y.md', 'src/x.js']);
    const small = await scanStaged({ cwd: t.dir, maxSize: 100 });
    expect(small.findings.map((f) => f.file)).toEqual(['docs/y.md', 'src/x.js']);
    expect(small.skippedFiles).toEqual([{ file: 'bin.dat', reason: 'binary-too-large', detail: 154 }]);
  });

  it('outside a repository it is a usage error', async () => {
    const t = makeTree();
    trees.push(t);
    await expect(scanStaged({ cwd: t.dir, maxSize: 1 << 20 })).rejects.toMatchObject({ exitCode: 2, code: 'NOT_A_GIT_REPOSITORY', message: expect.stringContaining(`${t.dir} is not in a git repository`) });
  });
});
