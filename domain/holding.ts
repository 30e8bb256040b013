import { addDays, type IsoDate, toDayNumber } from './dates.js';
import { DomainError } from './errors.js';
import type { HolderKind, Stream } from './model.js';
import { ageOn, birthday } from './work.js';

/**
 * Who may hold a direct payment (DESIGN.md section 11a), by the pot's stream:
 * - education (SEN (Personal Budgets) Regulations 2014): a young person is over compulsory school
 *   age, which ends on the last Friday of June of the school year (1 September to 31 August) in
 *   which they turn 16;
 * - social care (Children Act 1989 s17A) and health: from the 16th birthday;
 * - from the 18th birthday the holder is the young person or a nominee (a parent may be the
 *   nominee, as `nominee`): `parent` is no longer a kind of holder.
 */

/** The last Friday of June of the school year in which a person turns 16. */
export function endOfCompulsorySchoolAge(dateOfBirth: IsoDate): IsoDate {
  const sixteenth = birthday(dateOfBirth, 16);
  // A school year runs 1 September to 31 August: a birthday from September on falls in the
  // school year that ends in the next calendar year.
  const year = Number.parseInt(sixteenth.slice(0, 4), 10) + (sixteenth.slice(5) >= '09-01' ? 1 : 0);
  const lastOfJune = `${String(year).padStart(4, '0')}-06-30`;
  // Day 0 (1970-01-01) was a Thursday, so (day + 3) mod 7 is 0 on a Monday and 4 on a Friday.
  const weekday = (((toDayNumber(lastOfJune) + 3) % 7) + 7) % 7;
  return addDays(lastOfJune, -((weekday - 4 + 7) % 7));
}

/** The first day a young person may hold a direct payment of a stream. */
export const youngPersonHoldsFrom = (stream: Stream, dateOfBirth: IsoDate): IsoDate =>
  stream === 'education' ? endOfCompulsorySchoolAge(dateOfBirth) : birthday(dateOfBirth, 16);

export function checkHolder(
  holder: { kind: HolderKind },
  stream: Stream,
  dateOfBirth: IsoDate,
  signedOn: IsoDate,
): void {
  if (holder.kind === 'young_person') {
    const from = youngPersonHoldsFrom(stream, dateOfBirth);
    if (signedOn < from) {
      const why =
        stream === 'education' ? `the end of compulsory school age, ${from}` : `their 16th birthday, ${from}`;
      throw new DomainError(
        'HOLDER_TOO_YOUNG',
        `a young person may hold this ${stream.replace('_', ' ')} direct payment from ${why}`,
        [{ path: 'holder.kind', message: `young_person may hold it from ${from}` }],
      );
    }
  }
  if (holder.kind === 'parent' && ageOn(dateOfBirth, signedOn) >= 18) {
    throw new DomainError(
      'HOLDER_KIND_NOT_ALLOWED',
      `from the 18th birthday, ${birthday(dateOfBirth, 18)}, the holder is the young person or a nominee (a parent may be the nominee)`,
      [{ path: 'holder.kind', message: 'parent is not a holder for an adult; use young_person or nominee' }],
    );
  }
}

/** `transition_to_adult` ends children's social care only (section 9b); other streams carry on past 18. */
export function checkTransition(reason: string, stream: Stream): void {
  if (reason === 'transition_to_adult' && stream !== 'social_care') {
    throw new DomainError(
      'TRANSITION_NOT_APPLICABLE',
      `a transition to adult care ends a social care pot; this pot is ${stream.replace('_', ' ')}`,
      [{ path: 'reason', message: 'transition_to_adult applies to social care only' }],
    );
  }
}

type PotLike = {
  potId: string;
  stream: Stream;
  mode: string;
  period: { start: IsoDate; end: IsoDate };
  ceased?: unknown;
};

/** A children's social care direct payment that runs past the 18th birthday. */
export const runsPastChildhood = (p: PotLike, adultOn: IsoDate): boolean =>
  p.stream === 'social_care' &&
  p.mode === 'direct_payment' &&
  p.period.start < adultOn &&
  p.period.end >= adultOn;

/**
 * Whether the 18th birthday's prompt is answered once `ceasing` ends: every children's social
 * care direct payment of the plan running past the birthday has then ceased (an adult budget
 * starting on the birthday is the answer, not the question).
 */
export function adultTransitionDone(pots: readonly PotLike[], ceasing: PotLike, adultOn: IsoDate): boolean {
  return (
    runsPastChildhood(ceasing, adultOn) &&
    pots
      .filter((p) => runsPastChildhood(p, adultOn))
      .every((p) => p.potId === ceasing.potId || p.ceased !== undefined)
  );
}
