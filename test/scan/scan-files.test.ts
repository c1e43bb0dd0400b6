import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { scanFiles } from '../../src/scan/scan-files.js';
import { fingerprint } from '../../src/store/fingerprint.js';
import { fakeToken, makeTree, type Tree } from './tree.js';

describe('scanFiles', () => {
  const trees: Tree[] = [];
  afterEach(() => trees.splice(0).forEach((t) => t.remove()));

  it('finds tokens with file, line and fingerprint; scans text of any size, skips ignored files and binaries over the limit', async () => {
    const [a, b, c, d] = [fakeToken(), fakeToken(), fakeToken(), fakeToken()];
    const t = makeTree({
      '.gitignore': 'ignored/\n',
      'src/bot.js': `// bot\nconst token = '${a}';\n`,
      'ignored/x.js': `const t = '${b}';`,
      'image.png': Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), Buffer.from(c), Buffer.alloc(2000)]),
      'big.txt': `${'x'.repeat(2000)}\n${d}\n`,
    });
    trees.push(t);
    const result = await scanFiles([t.dir], { maxSize: 1000 });
    expect(result.findings).toEqual([
      { file: join(t.dir, 'big.txt'), line: 2, column: 1, kind: 'access-token', fingerprint: fingerprint(d), secret: d },
      { file: join(t.dir, 'src/bot.js'), line: 2, column: 16, kind: 'access-token', fingerprint: fingerprint(a), secret: a },
    ]);
    expect(result.skippedFiles).toEqual([{ file: join(t.dir, 'image.png'), reason: 'binary-too-large', detail: 2160 }]);
    expect(result.filesScanned).toBe(3);
    const all = await scanFiles([t.dir], { maxSize: 1 << 20 });
    expect(all.findings.map((f) => f.secret)).toContain(c); // a small binary is scanned as bytes
    expect(all.skippedFiles).toEqual([]);
  });

  it('finds every planted token across many directories, sorted by file and line', async () => {
    const files: Record<string, string> = {};
    const planted: string[] = [];
    for (let i = 0; i < 600; i++) {
      const t = i % 3 === 0 ? fakeToken() : undefined;
      files[`d${i % 7}/f${String(i).padStart(3, '0')}.txt`] = t ? `x\n${t}\n` : 'nothing here\n';
      if (t) planted.push(t);
    }
    const t = makeTree(files);
    trees.push(t);
    const result = await scanFiles([t.dir]);
    expect(result.filesScanned).toBe(600);
    expect(new Set(result.findings.map((f) => f.secret))).toEqual(new Set(planted));
    const keys = result.findings.map((f) => `${f.file}:${f.line}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('stops when the signal is aborted (Ctrl-C)', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`f${i}.txt`] = 'x';
    const t = makeTree(files);
    trees.push(t);
    const controller = new AbortController();
    controller.abort(Object.assign(new Error('Interrupted.'), { name: 'AbortError' }));
    await expect(scanFiles([t.dir], { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
