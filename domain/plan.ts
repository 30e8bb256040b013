import { addMonths, dateOf, type IsoDate } from './dates.js';
import { DomainError, type FieldIssue } from './errors.js';
import type { Outcome, Plan, PlanSection, PlanStatus, Provision, Stream } from './model.js';
import type { Amendment } from './plan-records.js';

/** Plan rules (DESIGN.md section 1): sections E, F, G, H1/H2 and how they refer to each other. */

export const sectionStream: Record<PlanSection, Stream> = {
  F: 'education',
  G: 'health',
  H1: 'social_care',
  H2: 'social_care',
};
export const ageMaxYears = 25;

export interface NewPlanInput {
  councilId: string;
  child: { reference: string; dateOfBirth: IsoDate; name?: string | undefined };
  status?: Exclude<PlanStatus, 'ceased'> | undefined;
  outcomes: Outcome[];
  provisions: Provision[];
}

function duplicates(ids: readonly string[]): string[] {
  return ids.filter((id, i) => ids.indexOf(id) !== i);
}

export function planIssues(input: NewPlanInput, today: IsoDate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const outcomeIds = new Set(input.outcomes.map((o) => o.id));
  for (const id of duplicates(input.outcomes.map((o) => o.id))) {
    issues.push({ path: 'outcomes', message: `outcome id ${id} is used twice` });
  }
  for (const id of duplicates(input.provisions.map((p) => p.id))) {
    issues.push({ path: 'provisions', message: `provision id ${id} is used twice` });
  }
  input.provisions.forEach((p, i) => {
    if (sectionStream[p.section] !== p.stream) {
      issues.push({
        path: `provisions.${i}.stream`,
        message: `section ${p.section} provision must be ${sectionStream[p.section]}, not ${p.stream}`,
      });
    }
    for (const o of p.outcomeIds) {
      if (!outcomeIds.has(o))
        issues.push({ path: `provisions.${i}.outcomeIds`, message: `unknown outcome ${o}` });
    }
    if (p.schoolConsentDate !== undefined && p.onSchoolPremises !== true) {
      issues.push({
        path: `provisions.${i}.schoolConsentDate`,
        message: 'consent applies only to provision on school premises',
      });
    }
  });
  const dob = input.child.dateOfBirth;
  if (dob > today) issues.push({ path: 'child.dateOfBirth', message: 'date of birth is in the future' });
  else if (addMonths(dob, 12 * (ageMaxYears + 1)) <= today) {
    issues.push({ path: 'child.dateOfBirth', message: `EHC plans cover ages 0 to ${ageMaxYears}` });
  }
  return issues;
}

export function newPlan(input: NewPlanInput, planId: string, createdBy: string, now: Date): Plan {
  const issues = planIssues(input, dateOf(now));
  if (issues.length > 0)
    throw new DomainError('INVALID_PLAN', issues.map((i) => i.message).join('; '), issues);
  return {
    planId,
    councilId: input.councilId,
    child: {
      reference: input.child.reference,
      dateOfBirth: input.child.dateOfBirth,
      ...(input.child.name === undefined ? {} : { name: input.child.name }),
    },
    status: input.status ?? 'active',
    outcomes: input.outcomes,
    provisions: input.provisions,
    createdAt: now.toISOString(),
    createdBy,
    version: 1,
    members: [],
  };
}

/** What an amendment asks for (DESIGN.md section 9b). */
export interface AmendmentInput {
  reason: string;
  effectiveFrom: IsoDate;
  addOutcomes?: Outcome[] | undefined;
  addProvisions?: Provision[] | undefined;
  retireOutcomeIds?: string[] | undefined;
  retireProvisionIds?: string[] | undefined;
  updateProvisions?: Amendment['updateProvisions'] | undefined;
}

/**
 * The plan after an amendment. Nothing is deleted: a retired outcome or provision stays, marked
 * with the date from which support may no longer use it, so earlier spends keep their links.
 */
export function amendPlan(plan: Plan, input: AmendmentInput): Plan {
  const issues: FieldIssue[] = [];
  const addOutcomes = input.addOutcomes ?? [];
  const addProvisions = input.addProvisions ?? [];
  const retireOutcomes = input.retireOutcomeIds ?? [];
  const retireProvisions = input.retireProvisionIds ?? [];
  const updates = input.updateProvisions ?? [];
  if (
    addOutcomes.length +
      addProvisions.length +
      retireOutcomes.length +
      retireProvisions.length +
      updates.length ===
    0
  )
    issues.push({ path: 'reason', message: 'an amendment changes at least one outcome or provision' });
  const outcomeIds = new Set(plan.outcomes.map((o) => o.id));
  const provisionIds = new Set(plan.provisions.map((p) => p.id));
  addOutcomes.forEach((o, i) => {
    if (outcomeIds.has(o.id))
      issues.push({ path: `addOutcomes.${i}.id`, message: `outcome id ${o.id} is already used` });
    outcomeIds.add(o.id);
  });
  const retiredOutcome = (id: string) =>
    retireOutcomes.includes(id) || plan.outcomes.some((o) => o.id === id && o.retiredFrom !== undefined);
  addProvisions.forEach((p, i) => {
    if (provisionIds.has(p.id))
      issues.push({ path: `addProvisions.${i}.id`, message: `provision id ${p.id} is already used` });
    provisionIds.add(p.id);
    if (sectionStream[p.section] !== p.stream)
      issues.push({
        path: `addProvisions.${i}.stream`,
        message: `section ${p.section} provision must be ${sectionStream[p.section]}, not ${p.stream}`,
      });
    for (const o of p.outcomeIds) {
      if (!outcomeIds.has(o))
        issues.push({ path: `addProvisions.${i}.outcomeIds`, message: `unknown outcome ${o}` });
      else if (retiredOutcome(o))
        issues.push({ path: `addProvisions.${i}.outcomeIds`, message: `outcome ${o} is retired` });
    }
    if (p.schoolConsentDate !== undefined && p.onSchoolPremises !== true)
      issues.push({
        path: `addProvisions.${i}.schoolConsentDate`,
        message: 'consent applies only to provision on school premises',
      });
  });
  retireOutcomes.forEach((id, i) => {
    const o = plan.outcomes.find((x) => x.id === id);
    if (!o) issues.push({ path: `retireOutcomeIds.${i}`, message: `outcome ${id} is not in the plan` });
    else if (o.retiredFrom !== undefined)
      issues.push({
        path: `retireOutcomeIds.${i}`,
        message: `outcome ${id} was retired from ${o.retiredFrom}`,
      });
  });
  retireProvisions.forEach((id, i) => {
    const p = plan.provisions.find((x) => x.id === id);
    if (!p) issues.push({ path: `retireProvisionIds.${i}`, message: `provision ${id} is not in the plan` });
    else if (p.retiredFrom !== undefined)
      issues.push({
        path: `retireProvisionIds.${i}`,
        message: `provision ${id} was retired from ${p.retiredFrom}`,
      });
  });
  const updated = new Map(updates.map((u) => [u.id, u]));
  updates.forEach((u, i) => {
    const p = plan.provisions.find((x) => x.id === u.id);
    if (!p) {
      issues.push({ path: `updateProvisions.${i}.id`, message: `provision ${u.id} is not in the plan` });
      return;
    }
    if (p.retiredFrom !== undefined || retireProvisions.includes(u.id))
      issues.push({ path: `updateProvisions.${i}.id`, message: `provision ${u.id} is retired` });
    const onSchool = u.onSchoolPremises ?? p.onSchoolPremises;
    const consent = u.schoolConsentDate ?? p.schoolConsentDate;
    if (consent !== undefined && onSchool !== true)
      issues.push({
        path: `updateProvisions.${i}.schoolConsentDate`,
        message: 'consent applies only to provision on school premises',
      });
  });
  if (updated.size !== updates.length)
    issues.push({ path: 'updateProvisions', message: 'a provision is updated twice' });
  if (issues.length > 0)
    throw new DomainError('INVALID_PLAN', issues.map((i) => i.message).join('; '), issues);
  const from = input.effectiveFrom;
  const provisions = plan.provisions.map((p) => {
    const u = updated.get(p.id);
    const next: Provision = { ...p };
    if (u?.categories !== undefined) next.categories = [...u.categories];
    if (u?.annualCost !== undefined) next.annualCost = u.annualCost;
    if (u?.onSchoolPremises !== undefined) next.onSchoolPremises = u.onSchoolPremises;
    if (u?.schoolConsentDate !== undefined) next.schoolConsentDate = u.schoolConsentDate;
    if (retireProvisions.includes(p.id)) next.retiredFrom = from;
    return next;
  });
  return {
    ...plan,
    outcomes: [
      ...plan.outcomes.map((o) => (retireOutcomes.includes(o.id) ? { ...o, retiredFrom: from } : o)),
      ...addOutcomes,
    ],
    provisions: [...provisions, ...addProvisions],
  };
}
