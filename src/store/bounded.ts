// Bulk keychain and helper calls (hundreds of Page tokens) run concurrently, but never all at once.

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `fn` over `items` with at most `limit` in flight. After the first failure no new item starts
 * (a dead keychain must not cost one timeout per item); those items are `undefined` in the result.
 */
export async function settleBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<Array<Settled<R> | undefined>> {
  const results: Array<Settled<R> | undefined> = new Array(items.length).fill(undefined);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = { ok: true, value: await fn(items[index], index) };
      } catch (error) {
        failed = true;
        results[index] = { ok: false, error };
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  await Promise.all(workers);
  return results;
}

/** Like `Promise.all(items.map(fn))` with a concurrency bound; rejects with the first error once in-flight calls end. */
export async function mapBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const settled = await settleBounded(items, limit, fn);
  const failure = settled.find((s) => s && !s.ok);
  if (failure && !failure.ok) throw failure.error;
  return settled.map((s) => (s as { value: R }).value);
}
