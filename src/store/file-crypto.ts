// The file store's envelope: AES-256-GCM under a scrypt key from FBTOK_STORE_PASSPHRASE.
// Random salt and nonce live in the envelope; the header is authenticated too (AAD).
import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';

export const ENVELOPE_FORMAT = 'fbtok-encrypted-store';
export const ENVELOPE_VERSION = 1;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

export interface Envelope {
  format: typeof ENVELOPE_FORMAT;
  version: number;
  kdf: { name: 'scrypt'; salt: string } & ScryptParams;
  cipher: 'aes-256-gcm';
  nonce: string;
  tag: string;
  data: string;
}

/** ~32 MiB and ~100 ms: paid once per process, the key is kept with its salt. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };

export interface DerivedKey {
  salt: Buffer;
  params: ScryptParams;
  key: Buffer;
}

export function deriveKey(passphrase: string, salt: Buffer, params: ScryptParams): Promise<DerivedKey> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * params.N * params.r;
    scrypt(passphrase.normalize('NFC'), salt, 32, { ...params, maxmem }, (error, key) =>
      error ? reject(error) : resolve({ salt, params, key }),
    );
  });
}

export function newKey(passphrase: string, params = DEFAULT_SCRYPT): Promise<DerivedKey> {
  return deriveKey(passphrase, randomBytes(16), params);
}

function aad(envelope: Pick<Envelope, 'format' | 'version' | 'kdf' | 'cipher'>): Buffer {
  return Buffer.from(JSON.stringify([envelope.format, envelope.version, envelope.kdf, envelope.cipher]));
}

export function encrypt(plaintext: string, key: DerivedKey): Envelope {
  const nonce = randomBytes(12);
  const head: Pick<Envelope, 'format' | 'version' | 'kdf' | 'cipher'> = {
    format: ENVELOPE_FORMAT,
    version: ENVELOPE_VERSION,
    kdf: { name: 'scrypt', salt: key.salt.toString('base64'), ...key.params },
    cipher: 'aes-256-gcm',
  };
  const cipher = createCipheriv('aes-256-gcm', key.key, nonce);
  cipher.setAAD(aad(head));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ...head, nonce: nonce.toString('base64'), tag: cipher.getAuthTag().toString('base64'), data: data.toString('base64') };
}

/** Throws when the key is wrong or the envelope was modified (GCM authentication). */
export function decrypt(envelope: Envelope, key: DerivedKey): string {
  const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(envelope.nonce, 'base64'));
  decipher.setAAD(aad(envelope));
  decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
}

export function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && (value as Envelope).format === ENVELOPE_FORMAT;
}
