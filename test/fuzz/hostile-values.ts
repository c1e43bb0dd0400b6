// Generators for the files fbtok parses: any JSON value in place of a field, records and indexes with some
// fields wrong, a valid document with a few fields swapped for junk, and the damage a file takes on disk.
import fc from 'fast-check';

/** Any JSON-ish value: the wrong type for every field. */
export const junk = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 12 }), fc.constantFrom(1e300, -1, '', '../x', 'v26.0', 'file'),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
);

/** A record of the model's fields, each present or not. */
export const partial = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) => fc.record(model, { requiredKeys: [] });

/** A token record (src/store/record-index.ts) from scratch: any field missing or junk, a few of them valid. */
export const tokenRecord = partial({
  schemaVersion: fc.oneof(junk, fc.constant(1)), name: fc.oneof(junk, fc.constant('user')), type: junk, appId: junk, subjectId: junk, subjectName: junk,
  scopes: junk, granularScopes: junk, tasks: junk, expiresAt: fc.oneof(junk, fc.constant('2030-01-01T00:00:00.000Z')), dataAccessExpiresAt: junk,
  issuedAt: junk, obtainedAt: junk, obtainedVia: junk, longLived: junk, derivedFrom: junk, fingerprint: fc.oneof(junk, fc.constant('abcd1234')),
  previous: fc.oneof(junk, partial({ fingerprint: junk, obtainedAt: junk, expiresAt: junk })), invalid: fc.oneof(junk, partial({ code: junk, subcode: junk, message: junk, at: junk })),
});

/** A record index (a profile in tokens.json, or the keychain's index file) from scratch. */
export const storeIndex = partial({ schemaVersion: fc.oneof(junk, fc.constantFrom(0, 1, 2)), records: fc.oneof(junk, fc.array(tokenRecord, { maxLength: 3 })), appSecrets: junk });

/** The fields of a token record a mutation may swap: every field the schema knows, present in the seed or not. */
export const recordKeys = (seed: Record<string, unknown>) => [...new Set([...Object.keys(seed), 'granularScopes', 'tasks', 'previous', 'invalid', 'longLived', 'derivedFrom', 'issuedAt'])];

/** One to three of `keys`, each paired with a junk value to put in its place. */
export const swaps = (keys: string[]) => fc.uniqueArray(fc.tuple(fc.constantFrom(...keys), junk), { minLength: 1, maxLength: 3, selector: ([k]) => k });

/** A copy of `target` with the swapped fields set. */
export function withSwaps<T extends Record<string, unknown>>(target: T, pairs: Array<[string, unknown]>): T {
  return { ...target, ...Object.fromEntries(pairs) };
}

/** A valid file cut short, with a few characters overwritten, or replaced by random bytes. */
export function damaged(valid: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: valid.length - 1 }).map((cut) => valid.slice(0, cut)),
    fc.tuple(fc.nat({ max: valid.length - 1 }), fc.string({ minLength: 1, maxLength: 3 })).map(([at, s]) => valid.slice(0, at) + s + valid.slice(at + s.length)),
    fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b).toString('latin1')),
  );
}
