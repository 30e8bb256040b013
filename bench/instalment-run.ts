import { randomUUID } from 'node:crypto';
import type { Deps } from '../domain/app/context.js';
import { runCouncil, startScheduledRun } from '../domain/app/instalments.js';
import type { IsoDate } from '../domain/dates.js';
import type { Actor } from '../domain/model.js';
import { shardCount } from '../domain/shards.js';

/**
 * Section 3's run of a council up to a date, as the AWS stack runs it: one worker per write shard,
 * each posting its shard's plans in turn, the shards in parallel.
 *
 * `batch: true` runs it as the scheduled run does, kept under its id (`startScheduledRun`), so each
 * instalment to a direct-payment or third-party pot writes its payment in the same transaction and
 * each paid-into account is read once for a returned payment. Without it the run keeps no batch,
 * which is the run before issue 25: the pair measures issue 25's gate (payment batches cost an
 * instalment run at most 10% of its throughput). A council is run once only (a second run posts
 * nothing), so the two runs need two councils generated alike (see `council(…, twin)` in bench.ts).
 */
export interface RunFigures {
  seconds: number;
  posted: number;
  /** Payments kept in the run's batch (0 without one). */
  payments: number;
}

const runner: Actor = { sub: 'bench', role: 'scheduler', org: 'system', plans: [] };

export async function runAllShards(
  deps: Deps,
  councilId: string,
  upTo: IsoDate,
  batch = false,
): Promise<RunFigures> {
  const t = performance.now();
  const runId = batch ? (await startScheduledRun(deps, runner, councilId, upTo)).runId : undefined;
  const ctx = { actor: runner, requestId: `bench-${randomUUID()}` };
  const shards = await Promise.all(
    Array.from({ length: shardCount }, (_, shard) => runCouncil(deps, ctx, councilId, upTo, shard, runId)),
  );
  return {
    seconds: (performance.now() - t) / 1000,
    posted: shards.reduce((n, r) => n + r.posted, 0),
    payments: shards.reduce((n, r) => n + (r.payments ?? 0), 0),
  };
}
