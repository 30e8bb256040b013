import { randomUUID } from 'node:crypto';
import { FixedClock, UlidGenerator } from '../../adapters/ids.js';
import { MemoryStore } from '../../adapters/memory-store.js';
import type { Deps, RequestContext } from '../../domain/app/context.js';
import type { Actor } from '../../domain/model.js';

/** An in-memory world: store, settable clock, ids, and request contexts with fresh keys. */
export function memoryWorld(now = '2026-11-29T10:00:00.000Z') {
  const store = new MemoryStore();
  const clock = new FixedClock(new Date(now));
  const deps: Deps = { store, clock, ids: new UlidGenerator(clock) };
  const ctx = (actor: Actor, key: string = randomUUID(), hash: string = randomUUID()): RequestContext => ({
    actor,
    requestId: `req-${randomUUID()}`,
    idempotencyKey: key,
    requestHash: hash,
  });
  return { store, clock, deps, ctx };
}
