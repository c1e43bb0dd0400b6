#!/usr/bin/env node
// npm run bench: start-up, bulk Graph work (file store and real Secret Service), the login listener and
// scan, each as a ratio against its floor. Prints a table and writes bench/results.md. Not part of npm test.
// `node bench/run.mjs startup bulk` runs only those parts (printed, not written).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { CLI, root, fmt, ratio } from './lib.mjs';
import { benchStartup } from './startup.mjs';
import { benchBulk } from './bulk.mjs';
import { benchKeychain } from './keychain.mjs';
import { benchLogin } from './login.mjs';
import { benchScan } from './scan.mjs';

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
const rows = [];
const report = (row) => {
  rows.push(row);
  const verdict = row.target ? (row.pass ? 'ok' : 'MISSED') : '';
  console.log(`${row.name.padEnd(44)} ${String(row.value).padEnd(34)} ${(row.target ?? '').padEnd(22)} ${verdict}`);
};

await import(join(root, 'dist', 'main.js')).catch(() => {
  console.error('Build first: npm run build');
  process.exit(2);
});
console.log(`fbtok benchmarks (node ${process.version}, ${availableParallelism()} cores); CLI: ${CLI}\n`);
if (want('startup')) await benchStartup(report);
if (want('bulk')) await benchBulk(report);
if (want('keychain')) await benchKeychain(report);
if (want('login')) await benchLogin(report);
if (want('scan')) await benchScan(report);

const missed = rows.filter((r) => r.target && !r.pass);
const md = [
  '# fbtok benchmark results',
  '',
  `Run ${new Date().toISOString()} on node ${process.version}, ${availableParallelism()} cores. Medians of repeated runs;`,
  'each figure is a ratio against its floor, so it holds across machines. Regenerate with `npm run bench`.',
  '',
  '| benchmark | result | target | verdict |',
  '|---|---|---|---|',
  ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.target ?? ''} | ${r.target ? (r.pass ? 'ok' : '**missed**') : ''} |`),
  '',
  ...rows.filter((r) => r.note).map((r) => `- ${r.name}: ${r.note}`),
  '',
].join('\n');
const verdict = missed.length === 0 ? 'All targets met.' : `${missed.length} target(s) missed.`;
if (only.length > 0) {
  // bench/results.md holds one whole run: a partial one would drop the figures it did not measure.
  console.log(`\n${verdict} Partial run (${only.join(', ')}): bench/results.md left as it was.`);
} else {
  writeFileSync(join(root, 'bench', 'results.md'), md);
  console.log(`\n${verdict} Results written to bench/results.md`);
}
export { fmt, ratio };
