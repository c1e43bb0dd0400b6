import type { GraphClient, GraphClientOptions } from './types.js';
// Placeholder until the Graph client lands.
export function createGraphClient(_options: GraphClientOptions): GraphClient {
  throw new Error('not yet');
}
