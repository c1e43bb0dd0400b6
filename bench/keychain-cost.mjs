// Child process: the per-call cost of the Secret Service itself (write and read), measured with the same
// binding fbtok uses, on the bus named by DBUS_SESSION_BUS_ADDRESS. Prints JSON {writeMs, readMs}.
import { AsyncEntry } from '@napi-rs/keyring';

const N = 60;
const opts = { linux: { store: 'secret-service' } };
const entries = Array.from({ length: N }, (_, i) => new AsyncEntry('fbtok-bench', `cost/${i}`, opts));
let t = performance.now();
for (const [i, e] of entries.entries()) await e.setPassword(`secret-${i}-${'x'.repeat(150)}`);
const writeMs = (performance.now() - t) / N;
t = performance.now();
for (const e of entries) await e.getPassword();
const readMs = (performance.now() - t) / N;
for (const e of entries) await e.deletePassword();
console.log(JSON.stringify({ writeMs, readMs }));
