import { can, canReadRecord } from '../access.js';
import { addDays, dateOf } from '../dates.js';
import { DomainError } from '../errors.js';
import type { HoldingMode, Stream } from '../model.js';
import type { BudgetRequest } from '../plan-records.js';
import type { Page, PageRequest } from '../ports.js';
import { closeWork, openWork } from '../work.js';
import { eventWrite } from './agreements.js';
import {
  actorRef,
  type CommandOutcome,
  councilPolicy,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { loadPlan } from './posting.js';
import { checkPage, readablePlan } from './queries.js';
import { put, replaceRequest, setWork } from './unit.js';

/**
 * Asking for a personal budget (DESIGN.md section 9b): a family or member asks; the council
 * decides within `requestDecisionDays`; a refusal gives its reason and records that the right to
 * ask for a review was explained. The request waits on the council's worklist until decided.
 */

export interface BudgetRequestInput {
  streams: Stream[];
  preferredModes?: Partial<Record<Stream, HoldingMode>> | undefined;
  notes?: string | undefined;
}

export interface DecisionInput {
  decision: 'agreed' | 'refused';
  reason?: string | undefined;
  reviewRightsExplained: boolean;
}

export interface BudgetRequestView extends BudgetRequest {
  overdue: boolean;
}

const viewOf = (r: BudgetRequest, today: string): BudgetRequestView => ({
  ...r,
  overdue: r.status === 'open' && r.decisionDue < today,
});

export async function requestBudget(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  input: BudgetRequestInput,
): Promise<CommandOutcome<BudgetRequestView>> {
  const modes = input.preferredModes ?? {};
  const stray = Object.keys(modes).filter((s) => !input.streams.includes(s as Stream));
  if (stray.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'a preferred mode is for a stream the request asks for',
      stray.map((s) => ({ path: `preferredModes.${s}`, message: 'not in streams' })),
    );
  }
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    if (!can(ctx.actor, 'request:create', { kind: 'plan', plan: loaded.plan, pots: loaded.pots }))
      throw forbidden('ask for a personal budget for this plan');
    const now = deps.clock.now();
    const today = dateOf(now);
    const policy = await councilPolicy(deps, loaded.plan.councilId);
    const request: BudgetRequest = {
      planId,
      councilId: loaded.plan.councilId,
      requestId: deps.ids.next(),
      streams: [...new Set(input.streams)],
      preferredModes: { ...modes },
      ...(input.notes === undefined ? {} : { notes: input.notes }),
      requestedOn: today,
      requestedAt: now.toISOString(),
      requestedBy: actorRef(ctx.actor),
      decisionDue: addDays(today, policy.requestDecisionDays),
      status: 'open',
      version: 1,
    };
    const work = openWork(
      'budget_request',
      { plan: loaded.plan, ref: request.requestId },
      request.decisionDue,
      now,
    );
    return {
      unit: {
        writes: [
          put({ type: 'budgetRequest', request }),
          setWork(work),
          eventWrite(deps, actorRef(ctx.actor), planId, 'budget_request', {
            details: { requestId: request.requestId, streams: request.streams },
          }),
        ],
      },
      result: viewOf(request, today),
    };
  });
}

export async function decideBudgetRequest(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  requestId: string,
  input: DecisionInput,
): Promise<CommandOutcome<BudgetRequestView>> {
  if (input.decision === 'refused' && input.reason === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'a refusal gives its reason', [
      { path: 'reason', message: 'required when refused' },
    ]);
  }
  if (!input.reviewRightsExplained) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'the right to ask for a review is explained with every decision',
      [{ path: 'reviewRightsExplained', message: 'must be true' }],
    );
  }
  return runCommand(deps, ctx, async () => {
    const loaded = await loadPlan(deps, ctx, planId);
    const request = await deps.store.getBudgetRequest(planId, requestId);
    if (!request) throw notFound(`budget request ${requestId}`);
    if (!can(ctx.actor, 'request:decide', { kind: 'plan', plan: loaded.plan, pots: loaded.pots }))
      throw forbidden('decide budget requests for this plan');
    if (request.status !== 'open')
      throw new DomainError(
        'REQUEST_STATE_CONFLICT',
        `budget request ${requestId} was ${request.decision?.decision ?? 'decided'} already`,
      );
    const now = deps.clock.now();
    const decided: BudgetRequest = {
      ...request,
      status: 'decided',
      decision: {
        decision: input.decision,
        ...(input.reason === undefined ? {} : { reason: input.reason }),
        reviewRightsExplained: input.reviewRightsExplained,
        decidedAt: now.toISOString(),
        decidedBy: actorRef(ctx.actor),
      },
    };
    const work = openWork('budget_request', { plan: loaded.plan, ref: requestId }, request.decisionDue, now);
    return {
      unit: {
        writes: [
          replaceRequest(decided, request.version),
          setWork(closeWork(work, now)),
          eventWrite(deps, actorRef(ctx.actor), planId, 'budget_decision', {
            reason: input.reason,
            details: {
              requestId,
              decision: input.decision,
              reviewRightsExplained: input.reviewRightsExplained,
            },
          }),
        ],
      },
      result: viewOf({ ...decided, version: request.version + 1 }, dateOf(now)),
    };
  });
}

export async function listPlanBudgetRequests(
  deps: Deps,
  actor: RequestContext['actor'],
  planId: string,
): Promise<{ planId: string; requests: BudgetRequestView[] }> {
  const { plan } = await readablePlan(deps, actor, planId, 'plan:read');
  // A request for a personal budget is about the plan: the council's and the family's to read (11a).
  if (!canReadRecord(actor, plan, undefined)) return { planId, requests: [] };
  const today = dateOf(deps.clock.now());
  return { planId, requests: (await deps.store.listBudgetRequests(planId)).map((r) => viewOf(r, today)) };
}

export async function listCouncilBudgetRequests(
  deps: Deps,
  actor: RequestContext['actor'],
  councilId: string,
  status: BudgetRequest['status'],
  page: PageRequest,
): Promise<Page<BudgetRequestView>> {
  if (!can(actor, 'council:report', { kind: 'council', councilId }))
    throw forbidden(`see council ${councilId}'s budget requests`);
  const found = await deps.store.listCouncilBudgetRequests(councilId, status, checkPage(page));
  const today = dateOf(deps.clock.now());
  return { items: found.items.map((r) => viewOf(r, today)), next: found.next };
}
