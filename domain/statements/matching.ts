import { type IsoDate, toDayNumber } from '../dates.js';
import type { AmountText } from '../model.js';

/**
 * Matching statement lines to the ledger (DESIGN.md section 11b): each debit to at most one paid
 * spend of the pot, each credit to at most one instalment, of the same amount and dated within
 * `matchWindowDays`, the nearest first (on a tie, the earlier). Candidates are indexed by amount
 * and sorted by day, so a line looks only at candidates of its own amount near its own date:
 * O((lines + candidates) · log candidates), never every line against every spend.
 */

export const matchWindowDays = 3;

export interface MatchCandidate {
  id: string;
  /** Unsigned, canonical. */
  amount: AmountText;
  date: IsoDate;
}

export interface MatchLine {
  /** Unsigned, canonical. */
  amount: AmountText;
  date: IsoDate;
}

interface Slot {
  id: string;
  day: number;
  used: boolean;
}

/** A one-use index of candidates by amount, each list sorted by day. */
export class MatchIndex {
  private readonly byAmount = new Map<string, Slot[]>();

  constructor(candidates: Iterable<MatchCandidate>, alreadyUsed: ReadonlySet<string> = new Set()) {
    for (const c of candidates) {
      if (alreadyUsed.has(c.id)) continue;
      let list = this.byAmount.get(c.amount);
      if (!list) {
        list = [];
        this.byAmount.set(c.amount, list);
      }
      list.push({ id: c.id, day: toDayNumber(c.date), used: false });
    }
    for (const list of this.byAmount.values()) list.sort((a, b) => a.day - b.day || (a.id < b.id ? -1 : 1));
  }

  /** The nearest unused candidate of this amount within the window, taken; undefined if none. */
  take(line: MatchLine): string | undefined {
    const list = this.byAmount.get(line.amount);
    if (!list) return undefined;
    const day = toDayNumber(line.date);
    // First slot not before the window's start.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((list[mid] as Slot).day < day - matchWindowDays) lo = mid + 1;
      else hi = mid;
    }
    let best: Slot | undefined;
    for (let i = lo; i < list.length; i++) {
      const s = list[i] as Slot;
      if (s.day > day + matchWindowDays) break;
      if (s.used) continue;
      if (!best || Math.abs(s.day - day) < Math.abs(best.day - day)) best = s;
    }
    if (!best) return undefined;
    best.used = true;
    return best.id;
  }
}
