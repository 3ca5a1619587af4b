/**
 * Runs lazily-executed queries (Drizzle builders run when awaited) one after the other and returns their
 * results like Promise.all. Inside a transaction there is one connection: node-postgres queues parallel
 * queries anyway and warns that it will stop doing so, so a transaction's reads are awaited in turn.
 */
export async function inTurn<T extends readonly unknown[] | []>(queries: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const out: unknown[] = [];
  for (const q of queries) out.push(await q);
  return out as { -readonly [K in keyof T]: Awaited<T[K]> };
}
