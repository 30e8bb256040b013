import type { IsoDate } from '../dates.js';

/**
 * The names that make each step of a pot's schedule happen once (claims written in the step's own
 * unit): an instalment by its date, an instalment posted again after its reversal, a scheduled
 * adjustment, and the period close.
 */

export const instalmentClaim = (potId: string, date: IsoDate): string => `INSTALMENT#${potId}#${date}`;

export const repostedInstalmentClaim = (potId: string, date: IsoDate, reversedEntryId: string): string =>
  `${instalmentClaim(potId, date)}#AGAIN#${reversedEntryId}`;

export const adjustmentClaim = (adjustmentId: string): string => `ADJUSTED#${adjustmentId}`;

export const periodEndClaim = (potId: string): string => `PERIOD_END#${potId}`;
