// The per-profile record index: metadata only, never a secret. Versioned so later releases can migrate it.
import { readFile } from 'node:fs/promises';
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
  if (!isObject(raw) || typeof raw.name !== 'string' || typeof raw.fingerprint !== 'string') {
    throw new StoreUnavailableError(`${source} holds a record that cannot be read.`, 'Move the file aside to start over.');
  }
  const version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0;
  if (version > RECORD_SCHEMA_VERSION) throw newerError(source, version);
  // Version 0 (pre-release) lacked these fields; version 1 is current.
  return {
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
  } as unknown as TokenRecord;
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
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex();
    throw new StoreUnavailableError(`Cannot read the token index ${path}: ${(error as Error).message}`, undefined, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StoreUnavailableError(
      `The token index ${path} is corrupt (${(error as Error).message}).`,
      'It was left untouched; move it aside to start over (the secrets stay in the keychain).',
      error,
    );
  }
  return parseIndex(parsed, `The token index ${path}`);
}

export function serializeIndex(index: StoreIndex): StoreIndex {
  const records = [...index.records].sort((a, b) => a.name.localeCompare(b.name));
  return { schemaVersion: RECORD_SCHEMA_VERSION, records, appSecrets: index.appSecrets };
}

export async function writeIndexFile(path: string, index: StoreIndex): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(serializeIndex(index), null, 2)}\n`, 0o600);
}
