// scan over a generated tree of 50,000 files with a few planted tokens. Target: seconds, not minutes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, cliEnv, fmt, tempDir, timed } from './lib.mjs';

const FILES = 50_000;
const TARGET_MS = 10_000;

export async function benchScan(report) {
  const tree = tempDir('fbtok-bench-scan-');
  try {
    const planted = generateTree(tree.dir);
    const r = await timed(process.execPath, [CLI, 'scan', tree.dir, '--json'], { env: cliEnv(null, join(tree.dir, '.fbtok')) });
    const found = r.code === 10 ? JSON.parse(r.stdout) : null;
    const count = Array.isArray(found) ? found.length : found?.findings?.length ?? 0;
    report({
      name: 'scan, 50,000 files',
      value: `${fmt(r.ms)} (${Math.round(FILES / (r.ms / 1000))} files/s), ${count}/${planted} planted found, exit ${r.code}`,
      target: `< ${TARGET_MS / 1000} s, all found`,
      pass: r.ms < TARGET_MS && count >= planted,
    });
  } finally {
    tree.remove();
  }
}

/** 500 directories of 100 small source files; every 5,000th file holds a token. */
function generateTree(dir) {
  let planted = 0;
  for (let d = 0; d < FILES / 100; d++) {
    const sub = join(dir, `pkg-${d}`, 'src');
    mkdirSync(sub, { recursive: true });
    for (let f = 0; f < 100; f++) {
      const n = d * 100 + f;
      const secret = n % 5000 === 0 ? `const PAGE_TOKEN = "EAAG${'Zk9x'.repeat(30)}${n}";\n` : '';
      if (secret) planted++;
      writeFileSync(join(sub, `file-${f}.js`), `// module ${n}\nexport function f${n}(a, b) {\n  return a + b * ${n};\n}\n${secret}`);
    }
  }
  return planted;
}
