import type { LedgerRecord, RecordScope, StoredRecord } from '../../domain/ports.js';
import { doc, docItem, type Item, integer, keyed, keys, N, planPk, S, text } from './keys.js';
import { kept } from './personal-items.js';

/**
 * The single-table layout of money out and in (DESIGN.md section 11b): the stored records
 * of money out (payee accounts, payment files, in their scope's partition), a holder's quarterly
 * returns, and statements, their lines, texts and classifications, and receipts. A statement's
 * descriptions are in `STMTTEXT#` items apart from its lines, so its money never holds them.
 */

/** A record of money out or in. */
export type FlowRecord = Extract<
  LedgerRecord,
  {
    type:
      | 'record'
      | 'return'
      | 'statement'
      | 'statementLines'
      | 'statementTexts'
      | 'lineClassification'
      | 'receipt';
  }
>;

export function recordItem(r: StoredRecord): Item {
  return keyed(keys.record(r.scope, r.name), r.kind, {
    doc: S(JSON.stringify(r.doc)),
    version: N(r.version),
  });
}

export function readRecord<T>(scope: RecordScope, item: Item): StoredRecord<T> {
  return {
    scope,
    name: text(item, 'sk'),
    kind: text(item, 'type'),
    version: integer(item, 'version'),
    doc: doc<T>(item),
  };
}

/** The item a record of money out or in is stored as. */
export function flowItem(record: FlowRecord): Item {
  switch (record.type) {
    case 'record':
      return recordItem(record.record);
    case 'statement': {
      const st = record.statement;
      return docItem(keys.statement(st.planId, st.potId, st.seq), 'statement', st);
    }
    case 'statementLines': {
      const c = record.lines;
      return docItem(keys.statementLines(c.planId, c.potId, c.statementId, c.chunk), 'statementLines', c);
    }
    case 'statementTexts': {
      const c = record.texts;
      return docItem(keys.statementTexts(c.planId, c.potId, c.statementId, c.chunk), 'statementTexts', c);
    }
    case 'lineClassification': {
      const c = record.classification;
      return docItem(keys.lineClassification(c.planId, c.potId, c.lineId), 'lineClassification', c);
    }
    case 'receipt':
      return keyed(keys.receipt(record.receipt.planId, record.receipt.receiptId), 'receipt', {
        doc: S(JSON.stringify(record.receipt)),
        version: N(record.receipt.version),
      });
    case 'return':
      return docItem(
        {
          pk: planPk(record.held.planId),
          sk: `RETURN#${record.held.potId}#${record.held.quarter}#${record.held.returnId}`,
        },
        'return',
        kept('return', record.held),
      );
  }
}
