// scan's blind spots, closed: large text (a minified bundle), UTF-16, tokens at chunk boundaries, unreadable
// files said out loud, and the git history.
import { afterEach, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { scanFiles } from '../../src/scan/scan-files.js';
import { scanHistory } from '../../src/scan/scan-history.js';
import { scanContent, emptyResult } from '../../src/scan/scan-files.js';
import { CHUNK_BYTES } from '../../src/scan/scan-content.js';
import { fakeToken, makeTree, type Tree } from './tree.js';

describe('scan blind spots', () => {
  const trees: Tree[] = [];
  afterEach(() => trees.splice(0).forEach((t) => t.remove()));
  const tree = (files: Record<string, string | Buffer> = {}) => {
    const t = makeTree(files);
    trees.push(t);
    return t;
  };

  it('a 3 MB one-line minified bundle: every token found, with its column, none cut at a chunk boundary', async () => {
    const tokens = Array.from({ length: 4 }, () => fakeToken(180));
    // Place tokens across the first and second chunk boundaries, and near the end.
    const filler = (n: number) => 'var a=function(b){return b+1};'.repeat(Math.ceil(n / 30)).slice(0, n);
    const parts = [filler(CHUNK_BYTES - 60), `"${tokens[0]}"`, filler(CHUNK_BYTES - 100), `'${tokens[1]}'`, filler(900_000), `x="${tokens[2]}";`, filler(5), `"${tokens[3]}"`];
    const text = parts.join('');
    const t = tree({ 'dist/bundle.min.js': text });
    const result = await scanFiles([t.dir]);
    expect(result.skippedFiles).toEqual([]);
    expect(result.findings.map((f) => f.secret)).toEqual(tokens);
    expect(result.findings.map((f) => [f.line, f.column])).toEqual(tokens.map((tok) => [1, text.indexOf(tok) + 1]));
  });

  it('a large multi-line text file: line numbers stay right across chunks', () => {
    const token = fakeToken();
    const lines = Array.from({ length: 120_000 }, (_, i) => `line ${i} of a long log with nothing in it`);
    lines[100_000] = `token=${token}`;
    const result = emptyResult();
    scanContent('app.log', Buffer.from(lines.join('\n')), 1024, result);
    expect(result.findings).toMatchObject([{ file: 'app.log', line: 100_001, column: 7, secret: token }]);
    expect(result.skippedFiles).toEqual([]);
  });

  it('UTF-16 files (little and big endian, with a BOM, or without one) are read', async () => {
    const [le, be, bare] = [fakeToken(), fakeToken(), fakeToken()];
    const bigEndian = Buffer.from(`\uFEFFconst x = 1;\nconst t = "${be}";\n`, 'utf16le').swap16();
    const t = tree({
      'le.cs': Buffer.from(`\uFEFF// C# settings\r\nvar token = "${le}";\r\n`, 'utf16le'),
      'be.txt': bigEndian,
      'bare.ps1': Buffer.from(`$token = '${bare}'\n`, 'utf16le'),
    });
    const result = await scanFiles([t.dir], { maxSize: 10 });
    expect(result.skippedFiles).toEqual([]);
    expect(result.findings.map((f) => [f.file.slice(t.dir.length + 1), f.line, f.secret])).toEqual([
      ['bare.ps1', 1, bare],
      ['be.txt', 2, be],
      ['le.cs', 2, le],
    ]);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file or directory is listed as skipped, with the reason', async () => {
    const t = tree({ 'ok.js': 'clean\n', 'locked.js': `t="${fakeToken()}"`, 'private/x.js': 'x' });
    chmodSync(join(t.dir, 'locked.js'), 0);
    chmodSync(join(t.dir, 'private'), 0);
    try {
      const result = await scanFiles([t.dir]);
      expect(result.skippedFiles.map((f) => [f.file.slice(t.dir.length + 1), f.reason, f.detail]).sort()).toEqual([
        ['locked.js', 'unreadable', 'EACCES'],
        ['private', 'unreadable', 'EACCES'],
      ]);
    } finally {
      chmodSync(join(t.dir, 'private'), 0o700);
    }
  });

  it('--history finds a token added and later deleted, with the commit that added it; --since bounds it', async () => {
    const t = tree();
    const commitAt = (date: string, message: string) => {
      t.git('add', '-A');
      // --since goes by the committer date, which only the environment sets.
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', message], {
        cwd: t.dir,
        env: { PATH: process.env.PATH, HOME: t.dir, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      });
      return t.git('rev-parse', 'HEAD').trim();
    };
    t.git('init', '-q');
    const old = fakeToken();
    const leaked = fakeToken();
    t.write('config.js', `// v1\nconst TOKEN = "${old}";\n`);
    const first = commitAt('2020-01-01T00:00:00Z', 'first');
    t.write('config.js', `// v1\n\nconst x = 1;\nconst TOKEN = "${leaked}";\n`);
    t.write('na\u00efve "q".js', `t="${old}"`);
    const second = commitAt('2024-06-01T00:00:00Z', 'second');
    t.write('config.js', 'const TOKEN = process.env.TOKEN;\n');
    t.git('rm', '-q', 'na\u00efve "q".js');
    commitAt('2024-06-02T00:00:00Z', 'remove it');
    const all = await scanHistory({ cwd: t.dir });
    expect(all.findings.map((f) => [f.file, f.line, f.secret, f.commit])).toEqual([
      ['config.js', 2, old, first],
      ['config.js', 4, leaked, second],
      ['na\u00efve "q".js', 1, old, second],
    ]);
    expect((await scanFiles([t.dir])).findings).toEqual([]); // the work tree is clean
    const recent = await scanHistory({ cwd: t.dir, since: '2023-01-01' });
    expect(recent.findings.map((f) => f.secret)).toEqual([leaked, old]);
  });
});
