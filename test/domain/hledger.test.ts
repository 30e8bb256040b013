// Proves the plain-text journal export: accounts named bucket last, every account and the
// commodity declared (hledger check --strict), transactions in date order, text made safe.
import { describe, expect, it } from 'vitest';
import { toHledger } from '../../domain/hledger.js';
import { entryFixture, potFixture } from '../support/fixtures.js';

describe('toHledger', () => {
  it('declares every account it uses and the GBP commodity', () => {
    // Prepare
    const entries = [entryFixture()];
    // Act
    const text = toHledger('LA-001', entries, [potFixture()]);
    // Assess
    expect(text).toContain('commodity 1,000.00 GBP');
    expect(text).toContain('account pots:LA-001:P1:SC:available');
    expect(text).toContain('account pots:LA-001:P1:SC:spent');
    expect(text).toContain('    pots:LA-001:P1:SC:spent  45.00 GBP');
  });

  it('names the funder of a pot and orders transactions by effective date', () => {
    // Prepare
    const later = entryFixture({ entryId: '01Z', effectiveDate: '2026-06-01' });
    const allocate = entryFixture({
      entryId: '01A',
      kind: 'allocate',
      effectiveDate: '2026-04-01',
      postings: [
        { potId: 'SC', account: 'funder', amount: '-5000.00' },
        { potId: 'SC', account: 'unreleased', amount: '5000.00' },
      ],
    });
    // Act
    const text = toHledger('LA-001', [later, allocate], [potFixture()]);
    // Assess
    expect(text.indexOf('2026-04-01 (01A)')).toBeLessThan(text.indexOf('2026-06-01 (01Z)'));
    expect(text).toContain('    funders:LA-001  -5000.00 GBP');
  });

  it('keeps free text from breaking a line or starting a comment', () => {
    // Prepare
    const hostile = entryFixture({ category: 'Evil\n2026-01-01 fake; comment | x' });
    // Act
    const text = toHledger('LA-001', [hostile], [potFixture()]);
    // Assess
    const header = text.split('\n').find((l) => l.startsWith('2026-05-03'));
    expect(header).toBe('2026-05-03 (01E) direct_spend Evil 2026-01-01 fake comment x');
  });

  it('carries no personal data: payees, reasons and memos stay out of the journal (section 11d)', () => {
    // Prepare
    const named = entryFixture({ payee: 'Jane Carer', reason: 'family bereavement', memo: 'see notes' });
    // Act
    const text = toHledger('LA-001', [named], [potFixture()]);
    // Assess
    expect([text.includes('Jane Carer'), text.includes('bereavement'), text.includes('see notes')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(text).toContain('2026-05-03 (01E) direct_spend short_breaks');
  });
});
