import { DomainError } from './errors.js';
import type { Plan } from './model.js';

/**
 * Bounded plans (DESIGN.md section 11a): a plan holds at most 200 outcomes and 200 provisions over
 * all its versions (retired ones stay), and must fit in one stored item. DynamoDB's item limit is
 * 400 KB including attribute names and the plan's other attributes (members, keys); the plan's
 * document is held well below it so an amendment is refused with PLAN_TOO_LARGE, never a 500.
 */
export const planOutcomesMax = 200;
export const planProvisionsMax = 200;
export const planDocumentBytesMax = 300_000;

export const planDocumentBytes = (plan: Plan): number =>
  new TextEncoder().encode(JSON.stringify(plan)).length;

export function checkPlanBounds(plan: Plan): void {
  const issues = [
    ...(plan.outcomes.length > planOutcomesMax
      ? [
          {
            path: 'addOutcomes',
            message: `the plan would hold ${plan.outcomes.length} outcomes; at most ${planOutcomesMax}`,
          },
        ]
      : []),
    ...(plan.provisions.length > planProvisionsMax
      ? [
          {
            path: 'addProvisions',
            message: `the plan would hold ${plan.provisions.length} provisions; at most ${planProvisionsMax}`,
          },
        ]
      : []),
  ];
  const bytes = planDocumentBytes(plan);
  if (issues.length === 0 && bytes > planDocumentBytesMax)
    issues.push({
      path: 'addProvisions',
      message: `the plan would take ${bytes} bytes to store; at most ${planDocumentBytesMax}`,
    });
  if (issues.length > 0)
    throw new DomainError(
      'PLAN_TOO_LARGE',
      `${issues.map((i) => i.message).join('; ')} (over all its versions: retired outcomes and provisions stay)`,
      issues,
    );
}
