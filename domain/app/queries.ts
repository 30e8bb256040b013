import { can, canSeePot } from '../access.js';
import { DomainError } from '../errors.js';
import type { Actor, JournalEntry, Plan, Pot } from '../model.js';
import type { Page, PageRequest } from '../ports.js';
import { pageLimitMax } from '../ports.js';
import { type Deps, forbidden, notFound } from './context.js';
import { type PlanView, planView, type SpendView, spendView } from './views.js';

/** The read use cases; every one filters by what the actor's role and organisation cover. */

export async function readablePlan(
  deps: Deps,
  actor: Actor,
  planId: string,
  action: 'plan:read' | 'statement:read' | 'audit:read' | 'personal-data:read',
): Promise<{ plan: Plan; pots: Pot[] }> {
  const { plan, pots } = await deps.store.getPlanWithPots(planId);
  if (!plan || !can(actor, 'plan:read', { kind: 'plan', plan, pots })) throw notFound(`plan ${planId}`);
  if (!can(actor, action, { kind: 'plan', plan, pots }))
    throw forbidden(`read the ${action.split(':')[0]} of this plan`);
  return { plan, pots };
}

export async function getPlan(deps: Deps, actor: Actor, planId: string): Promise<PlanView> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  return planView(plan, pots, actor);
}

export function checkPage(page: PageRequest): PageRequest {
  if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > pageLimitMax) {
    throw new DomainError('VALIDATION_FAILED', `limit is 1 to ${pageLimitMax}`, [
      { path: 'limit', message: 'out of range' },
    ]);
  }
  return page;
}

export interface ApprovalItem {
  planId: string;
  spendId: string;
  potId: string;
  amount: string;
  category: string;
  payee: string;
  date: string;
  outcomeId: string;
  provisionId: string;
  reasons: string[];
  requestedBy: SpendView['requestedBy'];
  requestedAt: string;
}

export async function listApprovals(
  deps: Deps,
  actor: Actor,
  page: PageRequest,
): Promise<Page<ApprovalItem>> {
  if (!can(actor, 'approvals:list', { kind: 'none' })) throw forbidden('see an approval queue');
  const found = await deps.store.listPendingApprovals(actor.org, checkPage(page));
  return {
    items: found.items
      .filter((s) => s.approver.role === actor.role)
      .map((s) => ({
        planId: s.planId,
        spendId: s.spendId,
        potId: s.potId,
        amount: s.amount,
        category: s.category,
        payee: s.payee,
        date: s.date,
        outcomeId: s.outcomeId,
        provisionId: s.provisionId,
        reasons: s.approvalReasons,
        requestedBy: s.requestedBy,
        requestedAt: s.requestedAt,
      })),
    next: found.next,
  };
}

export async function listAudit(
  deps: Deps,
  actor: Actor,
  planId: string,
  page: PageRequest,
): Promise<{ entries: JournalEntry[]; next: string | null }> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'audit:read');
  const visible = new Set(pots.filter((p) => canSeePot(actor, plan, p)).map((p) => p.potId));
  const found = await deps.store.listEntries(planId, checkPage(page));
  return {
    entries: found.items.filter((e) => e.postings.every((p) => visible.has(p.potId))),
    next: found.next,
  };
}

export async function getSpend(
  deps: Deps,
  actor: Actor,
  planId: string,
  spendId: string,
): Promise<SpendView> {
  const { plan, pots } = await readablePlan(deps, actor, planId, 'plan:read');
  const spend = await deps.store.getSpend(planId, spendId);
  const pot = pots.find((p) => p.potId === spend?.potId);
  if (!spend || !pot || !canSeePot(actor, plan, pot)) throw notFound(`spend ${spendId}`);
  return spendView(spend);
}
