/**
 * Write shards of the organisation-wide indexes and the council figures (DESIGN.md sections 4 and
 * 11d): 32, so that a 1st-of-month run over 20,000 plans spreads its writes thinly. The count is
 * part of every stored key, so it is chosen before the first data (LEDGER_SHARD_COUNT, read once
 * here) and never changed after: the table records it (adapters/dynamodb/shard-meta.ts) and a
 * process started with another count stops with an error.
 */
export const defaultShardCount = 32;

/** The shard count a setting asks for: a whole number from 1 to 256, else an error naming it. */
export function shardCountFrom(value: string | undefined): number {
  if (value === undefined || value === '') return defaultShardCount;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256)
    throw new Error(`LEDGER_SHARD_COUNT must be a whole number from 1 to 256, not ${value}`);
  return n;
}

// The one setting the domain reads: it fixes the shape of stored keys, as a constant would.
export const shardCount = shardCountFrom(
  (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.LEDGER_SHARD_COUNT,
);

/** FNV-1a over the plan id: a stable shard in 0..count-1 for the write-sharded keys. */
export function shardOf(planId: string, count: number = shardCount): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < planId.length; i++) h = Math.imul(h ^ planId.charCodeAt(i), 0x01000193) >>> 0;
  return h % count;
}
