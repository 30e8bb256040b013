import type { IsoDate } from './dates.js';
import { DomainError } from './errors.js';

/**
 * Dates of things that happened (DESIGN.md section 11a): an agreement's `signedOn`, a notice's
 * `noticeGiven`, a review's `date` are on or before today. A later date is a mistake in the
 * request, not a plan for the future: an agreement dated ahead must not release money at once.
 */
export function requireHappened(dates: Readonly<Record<string, IsoDate | undefined>>, today: IsoDate): void {
  const late = Object.entries(dates).filter(([, date]) => date !== undefined && date > today);
  if (late.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    `${late.map(([field]) => field).join(', ')} must be on or before today, ${today}`,
    late.map(([field]) => ({ path: field, message: `after today (${today})` })),
  );
}
