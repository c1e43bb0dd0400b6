// The index and the vault must not contradict each other: every indexed secret is read in ONE search of the
// vault where it has one (the keychain: one search of its service; the file store: its one file), and each is
// compared with the index: missing entries, and secrets whose fingerprint is not the one the index records
// (a crash between the vault write and the index write, or an entry changed by another tool).
import { registerSecret } from '../util/redact.js';
import { mapBounded } from './bounded.js';
import { fingerprint } from './fingerprint.js';
import { tokenAccount, type SecretVault } from './secret-vault.js';
import type { SecretCheck, TokenRecord } from './token-store.js';

export async function checkVaultSecrets(vault: SecretVault, profile: string, records: TokenRecord[]): Promise<SecretCheck> {
  const accounts = records.map((r) => tokenAccount(profile, r.name));
  let found: Map<string, string>;
  if (records.length === 0) found = new Map();
  else if (vault.getMany) found = await vault.getMany(accounts);
  else {
    // Credential helpers have no bulk read (their `list` gives no secrets): one bounded call per entry.
    const values = await mapBounded(accounts, vault.concurrency, (account) => vault.get(account));
    found = new Map(accounts.flatMap((account, i) => (values[i] === undefined ? [] : [[account, values[i]!] as const])));
  }
  const secrets = new Map<string, string>();
  const missing: TokenRecord[] = [];
  const mismatched: TokenRecord[] = [];
  records.forEach((r, i) => {
    const secret = found.get(accounts[i]);
    if (secret === undefined) return void missing.push(r);
    registerSecret(secret);
    secrets.set(r.name, secret);
    if (fingerprint(secret) !== r.fingerprint) mismatched.push(r);
  });
  return { records, secrets, missing, mismatched };
}
