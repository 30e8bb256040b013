// Proves the summaries kept beside the journal: what each entry adds to its month, category and
// outcome summaries, and that merged deltas add up to the same as applying them one by one.
import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.js';
import { shardOf } from '../../domain/shards.js';
import { mergeSummaryDeltas, receivedBy, spentBy, sumField, summaryDeltas } from '../../domain/summaries.js';
import { entryFixture, potFixture } from '../support/fixtures.js';

describe('summaryDeltas', () => {
  it('adds a direct spend to its month, category and outcome, counting it as one spend', () => {
    // Prepare
    const entry = entryFixture();
    // Act
    const deltas = summaryDeltas(entry, potFixture(), {
      withoutEvidence: true,
      outcomeDomain: 'community_participation',
    });
    // Assess
    expect(deltas.map((d) => [d.kind, d.key, d.adds])).toEqual([
      [
        'month',
        '2026-05',
        {
          available: '-45.00',
          spent: '45.00',
          spends: '1',
          withoutEvidence: '1',
          spentIn_community_participation: '45.00',
        },
      ],
      ['category', '2026-05#short_breaks', { spent: '45.00' }],
      ['outcome', 'O2', { spent: '45.00' }],
      // Spend by outcome domain is kept by day too, so a report counts the spends inside its range.
      [
        'day',
        entry.effectiveDate,
        { available: '-45.00', spent: '45.00', spentIn_community_participation: '45.00' },
      ],
      [
        'figure-month',
        '2026-05',
        { available: '-45.00', spent: '45.00', spentIn_community_participation: '45.00' },
      ],
      [
        'figure-day',
        entry.effectiveDate,
        { available: '-45.00', spent: '45.00', spentIn_community_participation: '45.00' },
      ],
    ]);
    expect(deltas[2]?.labels).toEqual({ outcomeId: 'O2', domain: 'community_participation' });
    // The council's figures are kept by the pot's group and the plan's write shard.
    const pot = potFixture();
    expect(deltas[4]?.group).toBe(
      `${pot.funderId}|${pot.stream}|${pot.mode}|${pot.period.start}|${pot.period.end}`,
    );
    expect(deltas[4]?.shard).toBe(shardOf(pot.planId));
  });

  it('counts money received by a cash pot from an instalment, and nothing spent', () => {
    // Prepare
    const instalment = entryFixture({
      kind: 'instalment',
      postings: [
        { potId: 'SC', account: 'unreleased', amount: '-384.62' },
        { potId: 'SC', account: 'available', amount: '384.62' },
      ],
      category: undefined,
      outcomeId: undefined,
    });
    // Act
    const [month, ...others] = summaryDeltas(instalment, potFixture());
    // Assess
    expect(month?.adds).toEqual({ unreleased: '-384.62', available: '384.62', received: '384.62' });
    // Only the day's bucket changes besides: nothing spent, no category, no outcome.
    const moved = { unreleased: '-384.62', available: '384.62', received: '384.62' };
    expect(others.map((d) => [d.kind, d.adds])).toEqual([
      ['day', moved],
      ['figure-month', moved],
      ['figure-day', moved],
    ]);
  });

  it('takes a reversed payment back out of the spends made', () => {
    // Prepare
    const reversal = entryFixture({
      kind: 'reverse',
      postings: [
        { potId: 'SC', account: 'available', amount: '45.00' },
        { potId: 'SC', account: 'spent', amount: '-45.00' },
      ],
    });
    // Act
    const [month] = summaryDeltas(reversal, potFixture(), { undoesSpend: true, withoutEvidence: true });
    // Assess
    expect(month?.adds).toMatchObject({ spends: '-1', withoutEvidence: '-1', spent: '-45.00' });
  });
});

describe('council figures', () => {
  it('count a pot once when its allocation opens it, and merge two plans of one shard and group', () => {
    // Prepare
    const allocation = entryFixture({
      kind: 'allocate',
      postings: [
        { potId: 'SC', account: 'funder', amount: '-100.00' },
        { potId: 'SC', account: 'unreleased', amount: '100.00' },
      ],
      category: undefined,
      outcomeId: undefined,
    });
    const figureOf = (planId: string) =>
      summaryDeltas(allocation, potFixture({ planId }), { opensPot: true }).find(
        (d) => d.kind === 'figure-month',
      );
    // Two plans that share a write shard (the shard is a hash of the plan id).
    const first = 'P-A';
    const second = Array.from({ length: 100 }, (_, i) => `P-${i}`).find(
      (id) => shardOf(id) === shardOf(first),
    );
    // Act
    const merged = mergeSummaryDeltas(
      [figureOf(first), figureOf(second ?? '')].filter((d) => d !== undefined),
    );
    // Assess
    expect(second).toBeDefined();
    expect(figureOf(first)?.adds).toMatchObject({ allocated: '100.00', pots: '1' });
    expect(merged).toHaveLength(1);
    expect(merged[0]?.adds).toMatchObject({ allocated: '200.00', unreleased: '200.00', pots: '2' });
  });
});

describe('mergeSummaryDeltas', () => {
  it('merges deltas of one summary into one, adding amounts and counts exactly', () => {
    // Prepare
    const [a] = summaryDeltas(entryFixture(), potFixture());
    const [b] = summaryDeltas(entryFixture({ entryId: '01F' }), potFixture());
    // Act
    const merged = mergeSummaryDeltas([a, b].filter((d) => d !== undefined));
    // Assess
    expect(merged).toHaveLength(1);
    expect(merged[0]?.adds).toMatchObject({ spent: '90.00', spends: '2', available: '-90.00' });
  });
});

describe('spentBy, receivedBy and sumField', () => {
  it('read the money an entry spent or released, and sum a field over summaries', () => {
    // Prepare
    const allocate = entryFixture({
      kind: 'allocate',
      postings: [
        { potId: 'SC', account: 'funder', amount: '-6000.00' },
        { potId: 'SC', account: 'available', amount: '6000.00' },
      ],
    });
    // Act and assess
    expect(spentBy(entryFixture()).toString()).toBe('45.00');
    expect(receivedBy(allocate, 'notional').toString()).toBe('6000.00');
    expect(receivedBy(allocate, 'direct_payment').toString()).toBe('0.00');
    const rows = [
      {
        kind: 'month' as const,
        planId: 'P',
        potId: 'SC',
        councilId: 'L',
        funderId: 'L',
        key: '2026-05',
        labels: {},
        values: { spent: '0.10' },
      },
      {
        kind: 'month' as const,
        planId: 'P',
        potId: 'SC',
        councilId: 'L',
        funderId: 'L',
        key: '2026-06',
        labels: {},
        values: { spent: '0.20' },
      },
    ];
    expect(sumField(rows, 'spent').equals(Money.of('0.30'))).toBe(true);
  });
});
