// The per-profile record index: metadata only, never a secret. Versioned so later releases can migrate it.
import { readTextFile } from '../util/read-text-file.js';
import { StoreUnavailableError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { RECORD_SCHEMA_VERSION, type AppSecretKind, type TokenRecord } from './token-store.js';

export interface AppSecretInfo {
  fingerprint: string;
  setAt: string;
}

export interface StoreIndex {
  schemaVersion: number;
  records: TokenRecord[];
  appSecrets: Partial<Record<AppSecretKind, AppSecretInfo>>;
}

export function emptyIndex(): StoreIndex {
  return { schemaVersion: RECORD_SCHEMA_VERSION, records: [], appSecrets: {} };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function newerError(source: string, version: unknown): StoreUnavailableError {
  return new StoreUnavailableError(
    `${source} was written by a newer fbtok (schema version ${String(version)}, this one knows ${RECORD_SCHEMA_VERSION}).`,
    'Upgrade fbtok; the file was left untouched.',
  );
}

/** Brings a record of an older schema up to the current one, in memory only. */
export function migrateRecord(raw: unknown, source: string): TokenRecord {
  if (!isObject(raw) || typeof raw.name !== 'string' || raw.name === '' || typeof raw.fingerprint !== 'string') {
    throw new StoreUnavailableError(`${source} holds a record that cannot be read.`, 'Move the file aside to start over.');
  }
  const version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0;
  if (version > RECORD_SCHEMA_VERSION) throw newerError(source, version);
  // Version 0 (pre-release) lacked these fields; version 1 is current.
  const record = {
    type: 'USER',
    appId: null,
    subjectId: null,
    subjectName: null,
    scopes: [],
    expiresAt: null,
    dataAccessExpiresAt: null,
    obtainedAt: new Date(0).toISOString(),
    obtainedVia: 'import',
    ...raw,
    schemaVersion: RECORD_SCHEMA_VERSION,
  };
  const wrong = wrongField(record);
  if (wrong) {
    throw new StoreUnavailableError(
      `${source} holds a record ("${raw.name.slice(0, 40)}") whose ${wrong} has the wrong type.`,
      'It was left untouched; fix that field or move the file aside to start over.',
    );
  }
  return record as unknown as TokenRecord;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown) => v === null || isString(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every(isString);
const isTime = (v: unknown) => isString(v) && !Number.isNaN(Date.parse(v));
const isTimeOrNull = (v: unknown) => v === null || isTime(v);
const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);

/** Each field of TokenRecord and its check: commands print and compare these without further checks. */
const FIELD_CHECKS: Record<string, (v: unknown) => boolean> = {
  type: isString,
  appId: isStringOrNull,
  subjectId: isStringOrNull,
  subjectName: isStringOrNull,
  scopes: isStrings,
  granularScopes: optional((v) => Array.isArray(v) && v.every((g) => isObject(g) && isString(g.scope) && optional(isStrings)(g.targetIds))),
  tasks: optional(isStrings),
  expiresAt: isTimeOrNull,
  dataAccessExpiresAt: isTimeOrNull,
  issuedAt: optional(isTimeOrNull),
  obtainedAt: isTime,
  obtainedVia: isString,
  longLived: optional((v) => typeof v === 'boolean'),
  derivedFrom: optional(isString),
  previous: optional((v) => isObject(v) && isString(v.fingerprint) && isTime(v.obtainedAt) && isTimeOrNull(v.expiresAt)),
  invalid: optional((v) => isObject(v) && isNumberOrNull(v.code) && isNumberOrNull(v.subcode) && isString(v.message) && isTime(v.at)),
};

/** The name of the first field with the wrong type, or undefined. */
function wrongField(record: Record<string, unknown>): string | undefined {
  return Object.keys(FIELD_CHECKS).find((key) => !FIELD_CHECKS[key](record[key]));
}

/** Validates and migrates a parsed index; `source` names the file in errors. */
export function parseIndex(value: unknown, source: string): StoreIndex {
  if (!isObject(value) || !Array.isArray(value.records)) {
    throw new StoreUnavailableError(`${source} is not a token index.`, 'Move the file aside to start over.');
  }
  const version = typeof value.schemaVersion === 'number' ? value.schemaVersion : 0;
  if (version > RECORD_SCHEMA_VERSION) throw newerError(source, version);
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    records: value.records.map((record) => migrateRecord(record, source)),
    appSecrets: isObject(value.appSecrets) ? (value.appSecrets as StoreIndex['appSecrets']) : {},
  };
}

/** A missing file is an empty index; an unreadable one is an error and is never overwritten. */
export async function readIndexFile(path: string): Promise<StoreIndex> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(`Cannot read the token index ${path}: ${(error as Error).message}`, undefined, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreUnavailableError(
      `The token index ${path} is corrupt (${jsonProblem(error)}).`,
      'It was left untouched; move it aside to start over (the secrets stay in the keychain).',
    );
  }
  return parseIndex(parsed, `The token index ${path}`);
}

/** A JSON.parse failure without the text V8 quotes from the input (which may hold a secret). */
export function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, ".*"(\.\.\.)? is not valid JSON$/s, ' (not valid JSON)').replace(/ in JSON at position/, ' at position');
}

export function serializeIndex(index: StoreIndex): StoreIndex {
  const records = [...index.records].sort((a, b) => a.name.localeCompare(b.name));
  return { schemaVersion: RECORD_SCHEMA_VERSION, records, appSecrets: index.appSecrets };
}

export async function writeIndexFile(path: string, index: StoreIndex): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(serializeIndex(index), null, 2)}\n`, 0o600);
}
