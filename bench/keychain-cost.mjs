// Child process: what one keychain call costs through @napi-rs/keyring, the binding fbtok uses, on the bus
// named by DBUS_SESSION_BUS_ADDRESS, at the scale the benchmarks work at. A call on an account needs an
// entry, and making one is itself a D-Bus round trip, so a write costs entry + set; gnome-keyring's write
// cost also grows with the entries stored, so writes are timed while 1,000 entries accumulate, as in
// page-tokens. A bulk read (one search of the service) costs per entry found.
// Prints JSON {writeMs, readMs, searchPerEntryMs}.
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';

const WRITES = Number(process.env.WRITE_ENTRIES ?? 1000);
const READS = 60;
const SERVICE = 'fbtok-bench-cost';
const opts = { linux: { store: 'secret-service' } };
const entry = (i) => new AsyncEntry(SERVICE, `w/${i}`, opts);

let t = performance.now();
for (let i = 0; i < WRITES; i++) await entry(i).setPassword(`secret-${i}-${'x'.repeat(150)}`);
const writeMs = (performance.now() - t) / WRITES;
t = performance.now();
for (let i = 0; i < READS; i++) await entry(i).getPassword();
const readMs = (performance.now() - t) / READS;
t = performance.now();
const found = await findCredentialsAsync(SERVICE);
const searchPerEntryMs = (performance.now() - t) / found.length;
for (let i = 0; i < WRITES; i++) await entry(i).deletePassword();
console.log(JSON.stringify({ writeMs, readMs, searchPerEntryMs }));
