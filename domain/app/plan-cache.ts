import type { Plan, Pot } from '../model.js';

/**
 * Plans with their pots as one container last read them, at most `limit` (the least recently used
 * is dropped first). Only spends decide on them, each held to what it read by its unit's checks.
 */
export class PlanCache {
  private readonly plans = new Map<string, { plan: Plan; pots: Pot[] }>();

  constructor(private readonly limit = 2000) {}

  get(planId: string): { plan: Plan; pots: Pot[] } | undefined {
    const found = this.plans.get(planId);
    if (found) {
      // Most recently used last, so the first key is the one to drop.
      this.plans.delete(planId);
      this.plans.set(planId, found);
    }
    return found;
  }

  remember(planId: string, loaded: { plan: Plan; pots: Pot[] }): void {
    this.plans.delete(planId);
    this.plans.set(planId, loaded);
    if (this.plans.size > this.limit) {
      const oldest = this.plans.keys().next().value;
      if (oldest !== undefined) this.plans.delete(oldest);
    }
  }

  forget(planId: string): void {
    this.plans.delete(planId);
  }

  get size(): number {
    return this.plans.size;
  }
}
