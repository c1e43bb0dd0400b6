#!/usr/bin/env node
// npm run bench: start-up, bulk Graph work (file store and real Secret Service), the login listener and
// scan, each as a ratio against its floor. Prints a table and writes bench/results.md. Not part of npm test.
// `node bench/run.mjs startup bulk` runs only those parts (printed, not written).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
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
const loadAtStart = loadavg()[0];
console.log(`fbtok benchmarks (node ${process.version}, ${availableParallelism()} cores, load average ${loadAtStart.toFixed(1)}); CLI: ${CLI}\n`);
if (want('startup')) await benchStartup(report);
if (want('bulk')) await benchBulk(report);
if (want('keychain')) await benchKeychain(report);
if (want('login')) await benchLogin(report);
if (want('scan')) await benchScan(report);

const missed = rows.filter((r) => r.target && !r.pass);
const load = `load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`;
const tableRow = (r) => `| ${r.name} | ${r.value} | ${r.target ?? ''} | ${r.target ? (r.pass ? 'ok' : '**missed**') : ''} |`;
const noteLine = (r) => `- ${r.name}: ${r.note}`;
const verdict = missed.length === 0 ? 'All targets met.' : `${missed.length} target(s) missed.`;
const file = join(root, 'bench', 'results.md');
if (only.length > 0 && existsSync(file)) {
  // A partial run replaces the rows of the parts it ran and keeps the others, saying which were re-measured.
  writeFileSync(file, mergeResults(readFileSync(file, 'utf8'), only, rows));
  console.log(`\n${verdict} Partial run (${only.join(', ')}): its rows replaced in bench/results.md`);
} else {
  writeFileSync(file, [
    '# fbtok benchmark results',
    '',
    `Run ${new Date().toISOString()} on node ${process.version}, ${availableParallelism()} cores (${load}). Medians of repeated runs;`,
    'each figure is a ratio against its floor, so it holds across machines. Regenerate with `npm run bench`.',
    '',
    '| benchmark | result | target | verdict |',
    '|---|---|---|---|',
    ...rows.map(tableRow),
    '',
    ...rows.filter((r) => r.note).map(noteLine),
    '',
  ].join('\n'));
  console.log(`\n${verdict} Results written to bench/results.md`);
}

/** Which part a row belongs to, by its name. */
function partOf(name) {
  if (name.startsWith('start-up')) return 'startup';
  if (name.includes('(keychain') || name.startsWith('keychain')) return 'keychain';
  if (name.startsWith('login')) return 'login';
  if (name.startsWith('scan')) return 'scan';
  return 'bulk';
}

function mergeResults(text, parts, fresh) {
  const lines = text.trimEnd().split('\n');
  const nameOf = (line) => (line.startsWith('| ') ? line.split(' | ')[0].slice(2) : line.startsWith('- ') ? line.slice(2).split(': ')[0] : null);
  const kept = lines.filter((line) => {
    const name = nameOf(line);
    return name === null || name === 'benchmark' || !parts.includes(partOf(name));
  });
  const lastRow = kept.findLastIndex((l) => l.startsWith('| '));
  kept.splice(lastRow + 1, 0, ...fresh.map(tableRow));
  const stamp = `Re-measured ${new Date().toISOString()}: ${parts.join(', ')} (${load}); the other rows are from the run above.`;
  const header = kept.findIndex((l) => l.startsWith('| benchmark'));
  kept.splice(header, 0, stamp, '');
  return [...kept, ...fresh.filter((r) => r.note).map(noteLine), ''].join('\n');
}
export { fmt, ratio };
