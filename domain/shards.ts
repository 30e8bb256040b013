/** Write shards of the organisation-wide indexes (DESIGN.md section 4). */
export const shardCount = 10;

/** FNV-1a over the plan id: a stable shard in 0..9 for the write-sharded GSI keys. */
export function shardOf(planId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < planId.length; i++) h = Math.imul(h ^ planId.charCodeAt(i), 0x01000193) >>> 0;
  return h % shardCount;
}
