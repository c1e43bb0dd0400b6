// Child process: what one keychain call costs through @napi-rs/keyring, the binding fbtok uses, on the bus
// named by DBUS_SESSION_BUS_ADDRESS, at the scale the benchmarks work at. A call on an account needs an
// entry, and making one is itself a D-Bus round trip, so a write costs entry + set; gnome-keyring's write
// cost also grows with the entries stored, so writes are timed while 1,000 entries accumulate, as in
// page-tokens. A bulk read (one search of the service) costs per entry found.
// Prints JSON {writeMs, readMs, searchPerEntryMs}.
// `keychain-cost.mjs search SERVICE`: the time of one search of that service as it stands (the entries
// fbtok stored), {searchMs, entries}.
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';

if (process.argv[2] === 'search') {
  const t = performance.now();
  const entries = (await findCredentialsAsync(process.argv[3])).length;
  console.log(JSON.stringify({ searchMs: performance.now() - t, entries }));
  process.exit(0);
}

const WRITES = Number(process.env.WRITE_ENTRIES ?? 1000);
const READS = 60;
const SERVICE = 'fbtok-bench-cost';
const opts = { linux: { store: 'secret-service' } };
const entry = (i) => new AsyncEntry(SERVICE, `w/${i}`, opts);

// Phases go to stderr, so a run stopped by its time limit says where it stood (bench/keychain.mjs).
const phase = (name) => process.stderr.write(`phase: ${name}\n`);
phase('writes');
let t = performance.now();
for (let i = 0; i < WRITES; i++) {
  await entry(i).setPassword(`secret-${i}-${'x'.repeat(150)}`);
  if (i % 100 === 99) phase(`writes: ${i + 1}`);
}
const writeMs = (performance.now() - t) / WRITES;
phase('reads');
t = performance.now();
for (let i = 0; i < READS; i++) await entry(i).getPassword();
const readMs = (performance.now() - t) / READS;
phase('search');
t = performance.now();
const found = await findCredentialsAsync(SERVICE);
const searchPerEntryMs = (performance.now() - t) / found.length;
// No clean-up: the caller runs this on a Secret Service of its own and stops it afterwards.
console.log(JSON.stringify({ writeMs, readMs, searchPerEntryMs }));
