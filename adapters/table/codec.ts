import type { LedgerRecord } from '../../domain/ports.js';
import { docItem, type Item, keyed, keys } from './keys.js';
import { budgetRequestItem, policyItem } from './lifecycle-items.js';
import { flowItem } from './money-flow-items.js';
import { planItem, potItem, recoveryItem, runItem, spendItem } from './money-items.js';
import { idempotencyItem, kept, personalItem } from './personal-items.js';

/**
 * The single-table layout (DESIGN.md section 4): which item each record of the ledger is stored
 * as. Both stores keep exactly these items, so they differ only in how a write is applied. The
 * keys are in keys.ts; each family of records has its file: money records (money-items.ts), a
 * plan's lifecycle (lifecycle-items.ts), money out and in (money-flow-items.ts) and personal
 * data (personal-items.ts).
 */

/** The item a record is stored as. */
export function itemOf(record: LedgerRecord): Item {
  switch (record.type) {
    case 'idempotency':
      return idempotencyItem(record.claim);
    case 'plan':
      return planItem(record.plan);
    case 'pot':
      return potItem(record.pot);
    case 'entry':
      return docItem(
        keys.entry(record.entry.planId, record.entry.entryId),
        'entry',
        kept('entry', record.entry),
      );
    case 'spend':
      return spendItem(record.spend);
    case 'claim':
      return keyed(
        'planId' in record.scope
          ? keys.planClaim(record.scope.planId, record.name)
          : keys.runClaim(record.scope.runId, record.name),
        'claim',
      );
    case 'run':
      return runItem(record.run);
    case 'event':
      return docItem(
        keys.event(record.event.planId, record.event.eventId),
        'event',
        kept('event', record.event),
      );
    case 'recovery':
      return recoveryItem(record.recovery);
    case 'policy':
      return policyItem(keys.policy(record.policy.councilId), record.policy);
    case 'policyVersion':
      return policyItem(keys.policyVersion(record.policy.councilId, record.policy.version), record.policy);
    case 'amendment':
      return docItem(
        keys.amendment(record.amendment.planId, record.amendment.version),
        'amendment',
        record.amendment,
      );
    case 'review':
      return docItem(keys.review(record.review.planId, record.review.reviewId), 'review', record.review);
    case 'budgetRequest':
      return budgetRequestItem(record.request);
    case 'return':
    case 'statement':
    case 'statementLines':
    case 'statementTexts':
    case 'lineClassification':
    case 'receipt':
    case 'record':
      return flowItem(record);
    case 'personal':
      return personalItem(record.data);
  }
}
