import type { IsoDate } from './dates.js';

/** Amounts in records are canonical decimal strings ("1234.50"); arithmetic goes through Money. */
export type AmountText = string;

export const streams = ['education', 'health', 'social_care'] as const;
export type Stream = (typeof streams)[number];

export const holdingModes = ['notional', 'third_party', 'direct_payment'] as const;
export type HoldingMode = (typeof holdingModes)[number];

export const planSections = ['F', 'G', 'H1', 'H2'] as const;
export type PlanSection = (typeof planSections)[number];

export const outcomeDomains = [
  'education',
  'health',
  'social_care',
  'employment',
  'independent_living',
  'community_participation',
] as const;
export type OutcomeDomain = (typeof outcomeDomains)[number];

export const planStatuses = ['draft', 'active', 'ceased'] as const;
export type PlanStatus = (typeof planStatuses)[number];

export const roles = [
  'family',
  'broker',
  'council_officer',
  'health_officer',
  'auditor',
  'key_worker',
  'scheduler',
] as const;
export type Role = (typeof roles)[number];

export const frequencies = ['weekly', 'four_weekly', 'monthly', 'quarterly', 'upfront'] as const;
export type Frequency = (typeof frequencies)[number];

export const recoveryReasons = [
  'surplus',
  'misuse',
  'plan_ceased',
  'changed_circumstances',
  'death',
] as const;
export type RecoveryReason = (typeof recoveryReasons)[number];

/** Who acts: from the verified token (or the scheduler, which has no token). */
export interface Actor {
  sub: string;
  role: Role;
  org: string;
  plans: readonly string[];
}

export interface Outcome {
  id: string;
  domain: OutcomeDomain;
  description: string;
  targetDate?: IsoDate | undefined;
  /** Retired by an amendment: support bought on or after this date may not use it (section 9b). */
  retiredFrom?: IsoDate | undefined;
}

export interface Provision {
  id: string;
  section: PlanSection;
  stream: Stream;
  description: string;
  outcomeIds: string[];
  categories: string[];
  onSchoolPremises?: boolean | undefined;
  schoolConsentDate?: IsoDate | undefined;
  /** What the provision costs a year; a budget is checked against it pro rata (section 9b). */
  annualCost?: AmountText | undefined;
  retiredFrom?: IsoDate | undefined;
}

export const memberRelations = [
  'parent',
  'young_person',
  'nominee',
  'authorised_person',
  'key_worker',
] as const;
export type MemberRelation = (typeof memberRelations)[number];

/** Someone who may act on a plan by who they are, not by their token's plans claim (section 9a). */
export interface Member {
  sub: string;
  name: string;
  relation: MemberRelation;
  /** Without it a member reads, adds evidence and submits returns, but may not spend. */
  canSpend: boolean;
  addedAt: string;
  addedBy: ActorRef;
}

export interface Plan {
  planId: string;
  councilId: string;
  /** `name` is personal data (optional; masked in logs): people are shown by it beside the reference. */
  child: { reference: string; dateOfBirth: IsoDate; name?: string | undefined };
  status: PlanStatus;
  outcomes: Outcome[];
  provisions: Provision[];
  createdAt: string;
  createdBy: string;
  /** Moves with every change of the plan (members, amendments); a plan is created at 1. */
  version?: number;
  members?: Member[];
}

export interface Period {
  start: IsoDate;
  end: IsoDate;
}

export interface Schedule {
  frequency: Frequency;
  firstDate: IsoDate;
}

/** The five buckets of a pot; `allocated` is their sum (DESIGN.md invariant 2). */
export const buckets = ['unreleased', 'available', 'committed', 'spent', 'recovered'] as const;
export type Bucket = (typeof buckets)[number];
export type Balances = Record<Bucket, AmountText> & { allocated: AmountText };

export interface Pot extends Balances {
  planId: string;
  councilId: string;
  potId: string;
  stream: Stream;
  funderId: string;
  mode: HoldingMode;
  /** Broker for third-party pots; absent for notional and direct-payment pots (the family holds those). */
  holderId?: string;
  period: Period;
  schedule?: Schedule;
  /** Instalments already released; the next one due is this index. */
  instalmentsPosted: number;
  suspended: boolean;
  suspensionReason?: string;
  /** The direct-payment agreement in force (the latest; earlier ones are superseded). */
  agreement?: Agreement;
  /** Money returned to the funder without lowering the surplus threshold (withheld instalments). */
  withheld?: AmountText;
  /** Adjustments dated ahead (reductions with notice): posted on their date by the run. */
  scheduledAdjustments?: ScheduledAdjustment[];
  /** Set up below the cost of its stream's provisions, with the reason recorded (section 9b). */
  shortfall?: { cost: AmountText; allocation: AmountText; shortfall: AmountText; reason: string };
  /**
   * The pot ended on this date (section 9a): nothing dated after it is accepted. `recordedAt`: when
   * the cessation was recorded (a reservation open then was voided by it); `noticeGiven`: the
   * notice the holder was given (section 11a).
   */
  ceased?: {
    reason: CessationReason;
    date: IsoDate;
    noticeGiven?: IsoDate;
    recordedAt?: string;
    /** What the cessation returned to the funder: the schedule's later instalments. */
    deallocated?: AmountText;
  };
  /**
   * Instalments whose release was reversed: they count as not posted, so the next run inside the
   * period posts each again at its own date (section 11a).
   */
  reversedInstalments?: ReversedInstalment[];
  budgetStartedAt: IsoDate;
  version: number;
}

export interface ReversedInstalment {
  index: number;
  date: IsoDate;
  amount: AmountText;
  /** The reversed entry (the claim of its second posting names it). */
  entryId: string;
}

/** An adjustment waiting for its effective date (section 9a: reductions with notice). */
export interface ScheduledAdjustment {
  adjustmentId: string;
  amount: AmountText;
  effectiveDate: IsoDate;
  reason: string;
  noticeGiven?: IsoDate | undefined;
  requestedAt: string;
  requestedBy: ActorRef;
}

export const cessationReasons = [
  'plan_ceased',
  'moved_area',
  'holder_request',
  'transition_to_adult',
  'misuse',
  'death',
] as const;
export type CessationReason = (typeof cessationReasons)[number];

export const holderKinds = ['parent', 'young_person', 'nominee'] as const;
export type HolderKind = (typeof holderKinds)[number];

/** A direct-payment agreement (DESIGN.md section 9a): no instalment and no spend without one. */
export interface Agreement {
  agreementId: string;
  version: number;
  holder: { kind: HolderKind; name: string; sub?: string | undefined };
  signedOn: IsoDate;
  accountReference: string;
  conditions?: string | undefined;
  recordedAt: string;
  recordedBy: ActorRef;
}

export const eventKinds = [
  'agreement',
  'suspended',
  'resumed',
  'member_added',
  'member_removed',
  'refusal',
  'evidence_added',
  'return_submitted',
  'ceased',
  'amendment',
  'review',
  'budget_request',
  'budget_decision',
  'shortfall',
  /** A plan's personal data disposed of after retention (section 11d): counts, no names. */
  'disposed',
] as const;
export type EventKind = (typeof eventKinds)[number];

/** A non-monetary record of a plan (section 9): never edited, only superseded. */
export interface PlanEvent {
  planId: string;
  eventId: string;
  kind: EventKind;
  potId?: string | undefined;
  actor: ActorRef;
  recordedAt: string;
  reason?: string | undefined;
  /** What the event records: the agreement, the suspension reason, … */
  details?: Record<string, unknown> | undefined;
}

/** A holder's quarterly return (section 9a): declared bank balance against the ledger's closing. */
export interface HolderReturn {
  planId: string;
  potId: string;
  returnId: string;
  quarter: string;
  closing: AmountText;
  bankBalance: AmountText;
  /** Where the bank balance came from (section 11b): the holder's figure, or the statements'. */
  bankBalanceSource?: 'holder' | 'statement' | undefined;
  difference: AmountText;
  status: 'accepted' | 'query';
  declaration: true;
  notes?: string | undefined;
  submittedAt: string;
  submittedBy: ActorRef;
}

/** Money recovered to the funder (sections 3a, 9a): at once, or with notice until settled. */
export interface Recovery {
  planId: string;
  potId: string;
  recoveryId: string;
  councilId: string;
  funderId: string;
  amount: AmountText;
  reason: RecoveryReason;
  dueDate: IsoDate;
  noticeGiven?: IsoDate | undefined;
  notice?: string | undefined;
  /** `reversed`: its entry was reversed, so the money is back in the pot (section 11a). */
  status: 'notified' | 'settled' | 'withdrawn' | 'reversed';
  createdAt: string;
  createdBy: ActorRef;
  closedAt?: string | undefined;
  closedBy?: ActorRef | undefined;
  version: number;
}

export const spendStatuses = [
  'pending_approval',
  'approved',
  'paid',
  'rejected',
  'voided',
  'expired',
  'reversed',
] as const;
export type SpendStatus = (typeof spendStatuses)[number];

export interface Spend {
  planId: string;
  spendId: string;
  potId: string;
  amount: AmountText;
  /** Amount currently reserved (committed); "0.00" once paid, voided, rejected or expired. */
  reserved: AmountText;
  paidAmount: AmountText;
  date: IsoDate;
  payee: string;
  category: string;
  outcomeId: string;
  provisionId: string;
  evidence?: string;
  description?: string;
  /** When the money was paid (the payment's effective date), once it is. */
  paidOn?: IsoDate;
  householdRelative: boolean;
  /** The requester said the money had already been paid (a receipt): approval then pays it. */
  paidOnRequest: boolean;
  status: SpendStatus;
  approvalReasons: string[];
  requestedBy: ActorRef;
  requestedAt: string;
  decidedBy?: ActorRef;
  decidedAt?: string;
  decisionReason?: string;
  /** Approver of this spend: the officer role and organisation of the pot's funder. */
  approver: { role: Role; org: string };
  /** While pending: the day the request lapses unless decided (it is on the approver's worklist). */
  approvalDue?: IsoDate;
  version: number;
}

export interface ActorRef {
  sub: string;
  role: Role;
  org: string;
}

export const entryKinds = [
  'allocate',
  'adjust',
  'instalment',
  'reserve',
  'pay',
  'direct_spend',
  'void',
  'recover',
  'reverse',
  'recovery_notice',
  'recovery_settle',
  'recovery_withdraw',
  'withhold',
  'deallocate',
  'offset',
] as const;
export type EntryKind = (typeof entryKinds)[number];

/** An account of the ledger: a pot bucket, or the funder the money comes from. */
export type Account = Bucket | 'funder';

/** One leg of an entry. Positive amounts are debits (money into an account), negatives credits. */
export interface Posting {
  potId: string;
  account: Account;
  amount: AmountText;
}

export interface JournalEntry {
  planId: string;
  councilId: string;
  entryId: string;
  kind: EntryKind;
  postings: Posting[];
  effectiveDate: IsoDate;
  recordedAt: string;
  actor: ActorRef;
  requestId: string;
  spendId?: string;
  reverses?: string;
  instalmentIndex?: number;
  recoveryId?: string;
  /** Tags that reports group by, copied from the spend so the entry stands alone. */
  outcomeId?: string;
  provisionId?: string;
  category?: string;
  payee?: string;
  reason?: string;
  memo?: string;
}
