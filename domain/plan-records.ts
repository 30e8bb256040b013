import type { IsoDate } from './dates.js';
import type { ActorRef, AmountText, HoldingMode, Outcome, Provision, Stream } from './model.js';

/**
 * The records of a plan over time (DESIGN.md section 9b): council policies, amendments, reviews,
 * requests for a personal budget, and the index items of open work the worklists read.
 */

/** A council's own overrides of the section 3a defaults, kept as versioned events (section 9b). */
export interface CouncilPolicy {
  councilId: string;
  version: number;
  overrides: Record<string, unknown>;
  reason?: string | undefined;
  updatedAt: string;
  updatedBy: ActorRef;
}

/** A change of a plan after creation (section 9b); the plan moves to `version`. */
export interface Amendment {
  planId: string;
  amendmentId: string;
  version: number;
  reason: string;
  effectiveFrom: IsoDate;
  addOutcomes: Outcome[];
  addProvisions: Provision[];
  retireOutcomeIds: string[];
  retireProvisionIds: string[];
  updateProvisions: Array<{
    id: string;
    categories?: string[] | undefined;
    annualCost?: AmountText | undefined;
    onSchoolPremises?: boolean | undefined;
    schoolConsentDate?: IsoDate | undefined;
  }>;
  recordedAt: string;
  recordedBy: ActorRef;
}

export const reviewKinds = ['budget', 'annual', 'adult_direct_payment'] as const;
export type ReviewKind = (typeof reviewKinds)[number];

export interface Review {
  planId: string;
  reviewId: string;
  kind: ReviewKind;
  potId?: string | undefined;
  date: IsoDate;
  notes?: string | undefined;
  /** When the next review of this kind is due (none after a budget review). */
  nextDue: IsoDate | null;
  recordedAt: string;
  recordedBy: ActorRef;
}

export interface BudgetRequest {
  planId: string;
  councilId: string;
  requestId: string;
  streams: Stream[];
  preferredModes: Partial<Record<Stream, HoldingMode>>;
  notes?: string | undefined;
  requestedOn: IsoDate;
  requestedAt: string;
  requestedBy: ActorRef;
  /** The day a decision is due: `requestDecisionDays` after the request. */
  decisionDue: IsoDate;
  status: 'open' | 'decided';
  decision?:
    | {
        decision: 'agreed' | 'refused';
        reason?: string | undefined;
        reviewRightsExplained: boolean;
        decidedAt: string;
        decidedBy: ActorRef;
      }
    | undefined;
  version: number;
}

export const workKinds = [
  'approval',
  'budget_request',
  'budget_review',
  'annual_review',
  'adult_direct_payment_review',
  'return_overdue',
  'recovery_overdue',
  'agreement_missing',
  'birthday_16',
  'birthday_18',
  'payment_returned',
  'safeguarding_alert',
] as const;
export type WorkKind = (typeof workKinds)[number];

/**
 * When an open item shows on a worklist: `open` at once, `overdue` once due, `soon` within 30
 * days of due, `ahead` within 6 months before due (birthdays, until the day itself).
 */
export const workWindows = ['open', 'overdue', 'soon', 'ahead'] as const;
export type WorkWindow = (typeof workWindows)[number];

/** An index item kept for open work (section 9b), so worklists never scan a council's plans. */
export interface WorkItem {
  planId: string;
  kind: WorkKind;
  /** What the work is about within the plan: a pot, request or recovery id; "-" for the plan. */
  ref: string;
  potId?: string | undefined;
  councilId: string;
  /** A health body that sees the item too (the pot's funder when it is not the council). */
  funderId?: string | undefined;
  due: IsoDate;
  /** The quarter a return item waits for. */
  quarter?: string | undefined;
  /** Why a safeguarding alert was raised (section 11b), in words an officer reads. */
  reason?: string | undefined;
  window: WorkWindow;
  /** Closed items stay as records but leave the worklist indexes. */
  open: boolean;
  updatedAt: string;
}
