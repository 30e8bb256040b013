/** The write shards are a rule of the design (DESIGN.md section 4); the adapters use the same ones. */
export { shardCount, shardOf } from '../domain/shards.js';
