import type { TokenStore, TokenStoreOptions } from './token-store.js';
// Placeholder until the token store lands.
export async function createTokenStore(_options: TokenStoreOptions): Promise<TokenStore> {
  throw new Error('not yet');
}
