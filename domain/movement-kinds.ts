import type { EntryKind } from './model.js';

/**
 * Every question the ledger, the summaries, reversals and reports ask of a movement's kind,
 * answered once per kind (DESIGN.md section 3). The table is a mapped type over `EntryKind`, so a
 * new kind does not compile until each question is answered for it.
 */
export interface MovementKindRules {
  /** A reversing entry may correct it (reservations and voids are undone by void and re-request). */
  reversible: boolean;
  /** It is a spend made (counted in the spends figures; its reversal un-counts the spend). */
  countsAsSpend: boolean;
  /**
   * It returns unreleased money to the funder without lowering the schedule (withhold, deallocate,
   * offset): the amount is kept in the pot's `withheld`, so the surplus threshold still counts the
   * schedule's own instalment amounts (section 9a).
   */
  returnsToFunder: boolean;
  /** It is an adjustment of the allocation (counted in the adjustments figures). */
  countsAsAdjustment: boolean;
  /** It releases an instalment of the schedule (its reversal makes the instalment due again). */
  releasesInstalment: boolean;
}

const plain: MovementKindRules = {
  reversible: false,
  countsAsSpend: false,
  returnsToFunder: false,
  countsAsAdjustment: false,
  releasesInstalment: false,
};

export const movementKinds: { readonly [K in EntryKind]: Readonly<MovementKindRules> } = {
  allocate: { ...plain, reversible: true },
  adjust: { ...plain, reversible: true, countsAsAdjustment: true },
  instalment: { ...plain, reversible: true, releasesInstalment: true },
  reserve: plain,
  pay: { ...plain, reversible: true, countsAsSpend: true },
  direct_spend: { ...plain, reversible: true, countsAsSpend: true },
  void: plain,
  recover: { ...plain, reversible: true },
  reverse: plain,
  recovery_notice: plain,
  recovery_settle: plain,
  recovery_withdraw: plain,
  withhold: { ...plain, returnsToFunder: true },
  deallocate: { ...plain, returnsToFunder: true },
  offset: { ...plain, returnsToFunder: true },
};

export const rulesOf = (kind: EntryKind): Readonly<MovementKindRules> => movementKinds[kind];
