import type { JournalEntry, Pot } from '../../domain/model.js';

/** Small records for unit tests of pure report code: a pot and an entry with sensible defaults. */

/** Overrides where `undefined` removes a field (a pot without a schedule, an entry without an outcome). */
type Overrides<T> = { [K in keyof T]?: T[K] | undefined };
function withOverrides<T extends object>(base: T, extra: Overrides<T>): T {
  const merged: Record<string, unknown> = { ...base, ...extra };
  for (const [k, v] of Object.entries(merged)) if (v === undefined) delete merged[k];
  return merged as T;
}

export const potFixture = (extra: Overrides<Pot> = {}): Pot =>
  withOverrides<Pot>(
    {
      planId: 'P1',
      councilId: 'LA-001',
      potId: 'SC',
      stream: 'social_care',
      funderId: 'LA-001',
      mode: 'direct_payment',
      period: { start: '2026-04-01', end: '2027-03-31' },
      schedule: { frequency: 'four_weekly', firstDate: '2026-04-01' },
      allocated: '5000.00',
      unreleased: '3461.52',
      available: '1493.48',
      committed: '0.00',
      spent: '45.00',
      recovered: '0.00',
      instalmentsPosted: 4,
      suspended: false,
      budgetStartedAt: '2026-04-01',
      version: 5,
    },
    extra,
  );

export const entryFixture = (extra: Overrides<JournalEntry> = {}): JournalEntry =>
  withOverrides<JournalEntry>(
    {
      planId: 'P1',
      councilId: 'LA-001',
      entryId: '01E',
      kind: 'direct_spend',
      postings: [
        { potId: 'SC', account: 'available', amount: '-45.00' },
        { potId: 'SC', account: 'spent', amount: '45.00' },
      ],
      effectiveDate: '2026-05-03',
      recordedAt: '2026-05-03T10:00:00.000Z',
      actor: { sub: 'parent-1', role: 'family', org: 'LA-001' },
      requestId: 'r1',
      spendId: 'S1',
      outcomeId: 'O2',
      category: 'short_breaks',
      payee: 'Sunshine Play CIC',
    },
    extra,
  );
