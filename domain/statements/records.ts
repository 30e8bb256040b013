import type { IsoDate } from '../dates.js';
import type { ActorRef, AmountText } from '../model.js';

/**
 * What the ledger keeps of an imported statement (DESIGN.md section 11b). A statement is written
 * in one unit of work with its lines, so an import leaves the whole file or nothing: the lines'
 * money facts in chunks (`StatementLines`), their descriptions apart in chunks of their own
 * (`StatementTexts`: personal data, section 11d, erased by disposal without touching a figure),
 * and a family's later explanation of a line as a record of its own (`LineClassification`), so
 * a chunk is never rewritten.
 */

export const lineStatuses = ['matched', 'unexplained', 'refused'] as const;
export type LineStatus = (typeof lineStatuses)[number];

/** Lines per chunk item: 5,000 lines make 20 chunks of each kind, well inside one transaction. */
export const linesPerChunk = 250;

export interface StatementRecord {
  planId: string;
  potId: string;
  statementId: string;
  /** 1, 2, … per pot: two imports racing for the same number cannot both be kept. */
  seq: number;
  format: 'csv' | 'ofx';
  bank: string;
  chunks: number;
  imported: number;
  duplicates: number;
  matched: number;
  unexplained: number;
  refused: number;
  importedAt: string;
  importedBy: ActorRef;
}

export interface StoredLine {
  lineId: string;
  date: IsoDate;
  /** Signed: negative is money out. */
  amount: AmountText;
  balance?: AmountText | undefined;
  mcc?: string | undefined;
  status: LineStatus;
  /** The paid spend a debit matched. */
  spendId?: string | undefined;
  /** The instalment entry a credit matched. */
  entryId?: string | undefined;
  /** Why a refused line was refused. */
  code?: 'CATEGORY_PROHIBITED' | undefined;
  /** The merchant's category under the ledger's table (cash lines count towards the cash limit). */
  category?: string | undefined;
}

export interface StatementLines {
  planId: string;
  potId: string;
  statementId: string;
  chunk: number;
  lines: StoredLine[];
}

/** Descriptions of a chunk's lines, in the same order: personal data (section 11d). */
export interface StatementTexts {
  planId: string;
  potId: string;
  statementId: string;
  chunk: number;
  descriptions: string[];
}

export interface LineClassification {
  planId: string;
  potId: string;
  lineId: string;
  spendId: string;
  classifiedAt: string;
  classifiedBy: ActorRef;
}

/** Everything kept of a pot's statements, as one read gathers it. */
export interface PotStatements {
  statements: StatementRecord[];
  lines: StatementLines[];
  texts: StatementTexts[];
  classifications: LineClassification[];
}
