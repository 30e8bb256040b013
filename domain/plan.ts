import { addMonths, dateOf, type IsoDate } from './dates.js';
import { DomainError, type FieldIssue } from './errors.js';
import type { Outcome, Plan, PlanSection, PlanStatus, Provision, Stream } from './model.js';

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
  child: { reference: string; dateOfBirth: IsoDate };
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
    child: { reference: input.child.reference, dateOfBirth: input.child.dateOfBirth },
    status: input.status ?? 'active',
    outcomes: input.outcomes,
    provisions: input.provisions,
    createdAt: now.toISOString(),
    createdBy,
    version: 1,
    members: [],
  };
}
