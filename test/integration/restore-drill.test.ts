// The restore drill of docs/runbook.md, run in `npm test`: a small council exported from DynamoDB
// Local, restored into a new table, and read back with the same reconciliation and journal.
import { describe, expect, inject, it } from 'vitest';
import { restoreDrill } from '../../local/restore-drill.js';

describe('the restore drill', () => {
  it('restores an exported table into a new one that gives the same reconciliation, journal and items', async () => {
    const result = await restoreDrill({ endpoint: inject('dynamoEndpoint'), plans: 3 });
    expect(result.restored).not.toBe(result.source);
    expect(result.plans).toBe(3);
    expect(result.items).toBeGreaterThan(3 * 5);
    expect(result.journalEntries).toBeGreaterThan(3);
    expect({
      itemsEqual: result.itemsEqual,
      reconciliationEqual: result.reconciliationEqual,
      journalEqual: result.journalEqual,
      balanced: result.balanced,
    }).toEqual({ itemsEqual: true, reconciliationEqual: true, journalEqual: true, balanced: true });
  }, 300_000);
});
