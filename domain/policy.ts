import { isWithin } from './dates.js';
import type { DomainErrorCode } from './errors.js';
import type { Actor, HoldingMode, Plan, Pot, Role, Stream } from './model.js';
import { Money } from './money.js';

/**
 * The rules a spend meets (DESIGN.md section 3a) as data, with per-council overrides. Evaluation
 * is pure: it says what should happen; the ledger movement and the store make it happen.
 */

export interface SpendPolicy {
  prohibitedCategories: readonly string[];
  prohibitedHealthCategories: readonly string[];
  /** Per-spend limit for automatic approval; null means the mode has no requester but officers. */
  autoApprovalLimitGbp: Record<HoldingMode, string | null>;
  pendingExpiryDays: number;
  surplusWeeks: number;
  budgetReviewMonths: number;
  /** A direct payment needs a signed agreement before any instalment or spend (section 9a). */
  requireAgreement: boolean;
  /** Days after a quarter ends before its return is overdue. */
  returnDueDays: number;
  /** Reduce a due direct-payment instalment by the surplus above the threshold (section 9a). */
  offsetSurplus: boolean;
  /** The daily job suspends a direct payment whose return is overdue (reason return_overdue). */
  suspendOnOverdueReturn: boolean;
  /** Days the council has to decide a request for a personal budget (section 9b). */
  requestDecisionDays: number;
  /**
   * Years a plan's personal data is kept after its last pot ends (section 11d): then the daily
   * job erases it, keeping every money record.
   */
  retentionYears: number;
  /** Cash withdrawals (merchant categories 6010, 6011) allowed from a direct payment (section 11b). */
  cashWithdrawals: boolean;
  /** Cash withdrawn in a quarter above this raises a safeguarding alert; null: no limit. */
  cashLimitPerQuarter: string | null;
  /** Statement lines left unexplained in a quarter above this amount raise a safeguarding alert. */
  unexplainedLimit: string | null;
}

export const defaultPolicy: SpendPolicy = {
  prohibitedCategories: [
    'alcohol',
    'tobacco',
    'gambling',
    'debt_repayment',
    'illegal',
    'school_place',
    'assessment',
  ],
  // NHS (Direct Payments) Regulations 2013: what the NHS itself provides is not bought with a
  // health direct payment or personal health budget (DESIGN.md section 11a).
  prohibitedHealthCategories: [
    'gp_dental',
    'emergency_care',
    'pharmacy',
    'surgery',
    'vaccination',
    'screening',
  ],
  autoApprovalLimitGbp: { direct_payment: '500.00', third_party: '1000.00', notional: null },
  pendingExpiryDays: 30,
  surplusWeeks: 8,
  budgetReviewMonths: 3,
  requireAgreement: true,
  returnDueDays: 28,
  offsetSurplus: false,
  suspendOnOverdueReturn: false,
  requestDecisionDays: 28,
  retentionYears: 7,
  cashWithdrawals: true,
  cashLimitPerQuarter: '300.00',
  unexplainedLimit: '250.00',
};

/** Whether a pot waits for a signed agreement before money moves (section 9a). */
export const needsAgreement = (pot: Pick<Pot, 'mode' | 'agreement'>, policy: SpendPolicy): boolean =>
  pot.mode === 'direct_payment' && policy.requireAgreement && pot.agreement === undefined;

/** Councils use 4–8 weeks for the surplus threshold; they can only tighten the prohibitions. */
export type PolicyOverride = {
  [K in keyof Omit<SpendPolicy, 'prohibitedCategories' | 'prohibitedHealthCategories'>]?:
    | SpendPolicy[K]
    | undefined;
} & {
  extraProhibitedCategories?: readonly string[] | undefined;
};

export function policyFor(override: PolicyOverride | undefined): SpendPolicy {
  if (!override) return defaultPolicy;
  const { extraProhibitedCategories = [], ...given } = override;
  // A field given as undefined keeps its default.
  const rest = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const merged: SpendPolicy = {
    ...defaultPolicy,
    ...rest,
    prohibitedCategories: [...defaultPolicy.prohibitedCategories, ...extraProhibitedCategories],
  };
  if (merged.surplusWeeks < 4 || merged.surplusWeeks > 8) throw new RangeError('surplusWeeks must be 4 to 8');
  return merged;
}

export interface SpendRequest {
  potId: string;
  amount: string;
  date: string;
  category: string;
  outcomeId: string;
  provisionId: string;
  householdRelative?: boolean | undefined;
}

/** Every code `evaluateSpend` can refuse a spend with; the compiler holds it to the checks below. */
export const spendRefusalCodes = [
  'PLAN_NOT_ACTIVE',
  'POT_SUSPENDED',
  'POT_CEASED',
  'AGREEMENT_REQUIRED',
  'OUTSIDE_BUDGET_PERIOD',
  'CATEGORY_PROHIBITED',
  'OUTCOME_NOT_IN_PLAN',
  'OUTCOME_RETIRED',
  'PROVISION_NOT_IN_PLAN',
  'PROVISION_RETIRED',
  'PROVISION_OUTCOME_MISMATCH',
  'PROVISION_STREAM_MISMATCH',
  'CATEGORY_NOT_IN_PROVISION',
  'SCHOOL_CONSENT_REQUIRED',
] as const satisfies readonly DomainErrorCode[];
export type SpendRefusalCode = (typeof spendRefusalCodes)[number];

/**
 * Refusals that leave a record: the codes DESIGN.md section 9a lists, which are every policy
 * refusal but PLAN_NOT_ACTIVE (a plan that is not active has no live budget to account to).
 */
export const recordedRefusals: ReadonlySet<DomainErrorCode> = new Set<DomainErrorCode>(
  spendRefusalCodes.filter((code) => code !== 'PLAN_NOT_ACTIVE'),
);

export type SpendDecision =
  | { decision: 'post' }
  | { decision: 'reserve_for_approval'; reasons: string[] }
  | { decision: 'reject'; code: SpendRefusalCode; detail: string };

/** The officer who approves a pot's spending: the pot's funder (council, or ICB for health). */
export function approverOf(pot: Pick<Pot, 'stream' | 'funderId'>): { role: Role; org: string } {
  return { role: pot.stream === 'health' ? 'health_officer' : 'council_officer', org: pot.funderId };
}

export const isFunderOfficer = (actor: Actor, pot: Pick<Pot, 'stream' | 'funderId'>): boolean => {
  const approver = approverOf(pot);
  return actor.role === approver.role && actor.org === approver.org;
};

const reject = (code: SpendRefusalCode, detail: string): SpendDecision => ({
  decision: 'reject',
  code,
  detail,
});

export function prohibitedFor(policy: SpendPolicy, stream: Stream): readonly string[] {
  return stream === 'health'
    ? [...policy.prohibitedCategories, ...policy.prohibitedHealthCategories]
    : policy.prohibitedCategories;
}

export function evaluateSpend(
  plan: Plan,
  pot: Pot,
  request: SpendRequest,
  actor: Actor,
  policy: SpendPolicy,
): SpendDecision {
  if (plan.status !== 'active') return reject('PLAN_NOT_ACTIVE', `plan ${plan.planId} is ${plan.status}`);
  if (pot.suspended) return reject('POT_SUSPENDED', `pot ${pot.potId} is suspended`);
  if (pot.ceased && request.date > pot.ceased.date) {
    return reject(
      'POT_CEASED',
      `pot ${pot.potId} ceased on ${pot.ceased.date} (${pot.ceased.reason.replaceAll('_', ' ')})`,
    );
  }
  if (needsAgreement(pot, policy)) {
    return reject('AGREEMENT_REQUIRED', `pot ${pot.potId} is a direct payment without a signed agreement`);
  }
  if (!isWithin(request.date, pot.period.start, pot.period.end)) {
    return reject(
      'OUTSIDE_BUDGET_PERIOD',
      `${request.date} is outside ${pot.period.start} to ${pot.period.end}`,
    );
  }
  if (prohibitedFor(policy, pot.stream).includes(request.category)) {
    return reject(
      'CATEGORY_PROHIBITED',
      `${request.category} cannot be bought from a ${pot.stream} personal budget`,
    );
  }
  const outcome = plan.outcomes.find((o) => o.id === request.outcomeId);
  if (!outcome)
    return reject('OUTCOME_NOT_IN_PLAN', `outcome ${request.outcomeId} is not in section E of the plan`);
  // Support bought before an amendment took effect keeps its links (section 9b).
  if (outcome.retiredFrom !== undefined && request.date >= outcome.retiredFrom)
    return reject('OUTCOME_RETIRED', `outcome ${outcome.id} was retired from ${outcome.retiredFrom}`);
  const provision = plan.provisions.find((p) => p.id === request.provisionId);
  if (!provision)
    return reject('PROVISION_NOT_IN_PLAN', `provision ${request.provisionId} is not in the plan`);
  if (provision.retiredFrom !== undefined && request.date >= provision.retiredFrom)
    return reject('PROVISION_RETIRED', `provision ${provision.id} was retired from ${provision.retiredFrom}`);
  if (provision.stream !== pot.stream) {
    return reject(
      'PROVISION_STREAM_MISMATCH',
      `provision ${provision.id} is ${provision.stream}; pot ${pot.potId} funds ${pot.stream}`,
    );
  }
  if (!provision.outcomeIds.includes(outcome.id)) {
    return reject(
      'PROVISION_OUTCOME_MISMATCH',
      `provision ${provision.id} does not serve outcome ${outcome.id}`,
    );
  }
  if (!provision.categories.includes(request.category)) {
    return reject(
      'CATEGORY_NOT_IN_PROVISION',
      `provision ${provision.id} does not allow ${request.category}`,
    );
  }
  if (provision.onSchoolPremises && provision.schoolConsentDate === undefined) {
    return reject(
      'SCHOOL_CONSENT_REQUIRED',
      `provision ${provision.id} is on school premises without the head teacher's consent`,
    );
  }
  // Consent given after the support was bought did not cover it.
  if (
    provision.onSchoolPremises &&
    provision.schoolConsentDate !== undefined &&
    provision.schoolConsentDate > request.date
  ) {
    return reject(
      'SCHOOL_CONSENT_REQUIRED',
      `the head teacher consented on ${provision.schoolConsentDate}, after this support's date ${request.date}`,
    );
  }
  // The funder's own officer is the approver, so what they record needs nobody else's approval.
  if (isFunderOfficer(actor, pot)) return { decision: 'post' };
  const reasons: string[] = [];
  const limit = policy.autoApprovalLimitGbp[pot.mode];
  if (limit !== null && Money.parse(request.amount).greaterThan(Money.of(limit))) {
    reasons.push(`above the ${limit} automatic approval limit`);
  }
  if (request.householdRelative) reasons.push('pays a relative living in the same household');
  return reasons.length > 0 ? { decision: 'reserve_for_approval', reasons } : { decision: 'post' };
}
