import type { Actor, Plan, Pot } from './model.js';
import { isFunderOfficer } from './policy.js';

/**
 * Who may do what (DESIGN.md section 1 roles, invariant 7). Pure: every handler asks here.
 * Policy on 404 versus 403: whoever cannot see a plan at all gets NOT_FOUND, so plan ids cannot be
 * probed; whoever can see it but may not perform the action gets FORBIDDEN.
 */

export type PlanRef = Pick<Plan, 'planId' | 'councilId'> & { members?: Plan['members'] };
export type PotRef = Pick<Pot, 'potId' | 'stream' | 'funderId' | 'mode'> & { holderId?: string | undefined };

export type Action =
  | 'plan:create'
  | 'plan:read'
  | 'budget:create'
  | 'pot:adjust'
  | 'pot:recover'
  | 'pot:suspend'
  | 'spend:create'
  | 'spend:approve'
  | 'spend:pay'
  | 'spend:void'
  | 'entry:reverse'
  | 'approvals:list'
  | 'instalments:run'
  | 'statement:read'
  | 'audit:read'
  | 'council:report'
  | 'funder:report'
  | 'broker:report'
  | 'journal:export'
  | 'pot:agree'
  | 'events:read'
  | 'members:manage'
  | 'spend:account'
  | 'policy:read'
  | 'policy:write'
  | 'plan:amend'
  | 'plan:review'
  | 'request:create'
  | 'request:decide'
  | 'personal-data:read'
  | 'personal-data:dispose';

export type Resource =
  | { kind: 'council'; councilId: string }
  | { kind: 'funder'; funderId: string }
  | { kind: 'broker'; brokerId: string }
  | { kind: 'plan'; plan: PlanRef; pots: readonly PotRef[] }
  | { kind: 'pot'; plan: PlanRef; pot: PotRef }
  | { kind: 'none' };

const isOfficer = (a: Actor) => a.role === 'council_officer' || a.role === 'health_officer';
/** The caller's membership of a plan, if it has one (section 9a). */
export const memberOf = (a: Actor, plan: PlanRef) => plan.members?.find((m) => m.sub === a.sub);

/**
 * A family covers the plans its claim lists, and those it is a member of, only within its own
 * council (its `org`); a key worker covers only plans it is a member of, in its council.
 */
const familyOf = (a: Actor, plan: PlanRef) =>
  a.role === 'family' &&
  a.org === plan.councilId &&
  (a.plans.includes(plan.planId) || memberOf(a, plan) !== undefined);
const keyWorkerOf = (a: Actor, plan: PlanRef) =>
  a.role === 'key_worker' && a.org === plan.councilId && memberOf(a, plan) !== undefined;
/** The family side of a plan: its family and its members, who hold its direct payments. */
const familySide = (a: Actor, plan: PlanRef) => familyOf(a, plan) || keyWorkerOf(a, plan);
/** A member may spend only with canSpend; a family listed in its token's claim may. */
const maySpend = (a: Actor, plan: PlanRef) => familySide(a, plan) && (memberOf(a, plan)?.canSpend ?? true);

export function canSeePot(a: Actor, plan: PlanRef, pot: PotRef): boolean {
  switch (a.role) {
    case 'family':
    case 'key_worker':
      return familySide(a, plan);
    case 'broker':
      return pot.mode === 'third_party' && pot.holderId === a.org;
    case 'council_officer':
      return plan.councilId === a.org;
    case 'health_officer':
      return pot.stream === 'health' && pot.funderId === a.org;
    case 'auditor':
      return plan.councilId === a.org || pot.funderId === a.org;
    case 'scheduler':
      return true;
  }
}

/** A council's officers and its auditors: they read all of the council's plans, records and money. */
const councilStaff = (a: Actor, councilId: string): boolean =>
  (a.role === 'council_officer' || a.role === 'auditor') && a.org === councilId;

/**
 * A council's instalment runs (their progress, payment batches, files and returns) are read by its
 * council officers and its auditors (DESIGN.md 11b); anyone else is told nothing of them.
 */
export const canReadRuns = councilStaff;

export function canSeePlan(a: Actor, plan: PlanRef, pots: readonly PotRef[]): boolean {
  if (familySide(a, plan)) return true;
  if (councilStaff(a, plan.councilId)) return true;
  if (a.role === 'scheduler') return true;
  return pots.some((p) => canSeePot(a, plan, p));
}

/**
 * Records of a plan are read like the money they are about (DESIGN.md section 11a): members,
 * events, refusals, reviews and budget requests are read by the family and its members (key
 * workers included) and by officers and auditors of the plan's council; anyone else (a health
 * officer, a broker, a funder's auditor) reads only those about a pot it sees. A record about no
 * one pot (`about` undefined: members, budget requests, annual reviews, amendments) is the
 * council's and the family's alone. Every record list filters through this one rule.
 */
export function canReadRecord(a: Actor, plan: PlanRef, about: PotRef | undefined): boolean {
  if (familySide(a, plan)) return true;
  if (councilStaff(a, plan.councilId)) return true;
  return about !== undefined && canSeePot(a, plan, about);
}

/** The records of a plan the caller may read, each judged by the pot it names (none: the plan). */
export function readableRecords<R extends { potId?: string | undefined }>(
  a: Actor,
  plan: PlanRef,
  pots: readonly PotRef[],
  records: readonly R[],
): R[] {
  return records.filter((r) =>
    canReadRecord(a, plan, r.potId === undefined ? undefined : pots.find((p) => p.potId === r.potId)),
  );
}

export const visiblePots = <P extends PotRef>(a: Actor, plan: PlanRef, pots: readonly P[]): P[] =>
  pots.filter((p) => canSeePot(a, plan, p));

/** The holder of a pot: the family (direct payment), the broker (third party), the funder (notional). */
export function isHolder(a: Actor, plan: PlanRef, pot: PotRef): boolean {
  switch (pot.mode) {
    case 'direct_payment':
      return maySpend(a, plan);
    case 'third_party':
      return a.role === 'broker' && pot.holderId === a.org;
    case 'notional':
      return isFunderOfficer(a, pot);
  }
}

export function can(a: Actor, action: Action, r: Resource): boolean {
  switch (action) {
    case 'plan:create':
    case 'instalments:run':
      return (
        r.kind === 'council' &&
        ((a.role === 'council_officer' && a.org === r.councilId) ||
          (action === 'instalments:run' && a.role === 'scheduler'))
      );
    case 'policy:write':
      return r.kind === 'council' && a.role === 'council_officer' && a.org === r.councilId;
    case 'personal-data:dispose':
      return (
        r.kind === 'council' &&
        ((a.role === 'council_officer' && a.org === r.councilId) || a.role === 'scheduler')
      );
    case 'personal-data:read':
      return r.kind === 'plan' && a.role === 'council_officer' && a.org === r.plan.councilId;
    case 'council:report':
    case 'journal:export':
    case 'policy:read':
      return r.kind === 'council' && councilStaff(a, r.councilId);
    case 'funder:report':
      return (
        r.kind === 'funder' && (a.role === 'health_officer' || a.role === 'auditor') && a.org === r.funderId
      );
    case 'broker:report':
      return (
        r.kind === 'broker' && ((a.role === 'broker' && a.org === r.brokerId) || a.role === 'council_officer')
      );
    case 'approvals:list':
      return isOfficer(a);
    case 'plan:read':
    case 'statement:read':
      return r.kind === 'plan' && canSeePlan(a, r.plan, r.pots);
    case 'audit:read':
      return r.kind === 'plan' && (isOfficer(a) || a.role === 'auditor') && canSeePlan(a, r.plan, r.pots);
    case 'members:manage':
    case 'budget:create':
    case 'plan:amend':
    case 'request:decide':
      return r.kind === 'plan' && a.role === 'council_officer' && a.org === r.plan.councilId;
    case 'plan:review':
      // A review of a pot is its funder's (a health body reviews a health pot); of the plan, the council's.
      if (r.kind === 'pot') return isFunderOfficer(a, r.pot);
      return r.kind === 'plan' && a.role === 'council_officer' && a.org === r.plan.councilId;
    case 'request:create':
      return r.kind === 'plan' && familySide(a, r.plan);
    case 'spend:create':
      if (r.kind !== 'pot') return false;
      return (
        (r.pot.mode === 'direct_payment' && maySpend(a, r.plan)) ||
        (a.role === 'broker' && isHolder(a, r.plan, r.pot)) ||
        isFunderOfficer(a, r.pot)
      );
    case 'spend:account':
      // Accounting for money (evidence, returns) is the holder's and every member's, spending or not.
      return (
        r.kind === 'pot' &&
        ((r.pot.mode === 'direct_payment' && familySide(a, r.plan)) ||
          isHolder(a, r.plan, r.pot) ||
          isFunderOfficer(a, r.pot))
      );
    case 'spend:pay':
    case 'spend:void':
      return r.kind === 'pot' && (isHolder(a, r.plan, r.pot) || isFunderOfficer(a, r.pot));
    case 'events:read':
      // Whoever sees the plan lists its records; each list holds only what canReadRecord allows.
      return r.kind === 'plan' && canSeePlan(a, r.plan, r.pots);
    case 'pot:agree':
    case 'spend:approve':
    case 'entry:reverse':
    case 'pot:adjust':
    case 'pot:recover':
    case 'pot:suspend':
      return r.kind === 'pot' && isFunderOfficer(a, r.pot);
  }
}
