import { randomUUID } from 'node:crypto';
import type { Action } from '../../domain/access.js';
import type { Actor } from '../../domain/model.js';

/** The isolation matrix's cells for statements in (DESIGN.md section 11b). */

interface Cell {
  path: string;
  body?: unknown;
  options?: { raw: string; headers: Record<string, string> };
  allowed: (a: Actor) => boolean;
  before?: () => Promise<void>;
}

/** A one-line statement with a line no other call has: each classification has its own line. */
export const oneLineStatement = (description = `SHOP ${randomUUID().slice(0, 8)}`) =>
  `date,description,amount,balance\n2026-05-10,${description},-1.00,100.00\n`;

export function statementCells(
  planId: string,
  ids: Record<string, string>,
  rules: {
    onPot: (action: Action, potId: string) => (a: Actor) => boolean;
    /** Sees the pot at all: reads of its lines and of a spend's receipts. */
    seesPot: (potId: string) => (a: Actor) => boolean;
  },
  /** Imports a fresh line as the family and returns its id. */
  freshLine: () => Promise<string>,
): Record<string, Cell> {
  const p = `/v1/plans/${planId}/pots/SC/statements`;
  return {
    'POST /v1/plans/{planId}/pots/{potId}/statements': {
      path: p,
      options: { raw: oneLineStatement('MATRIX'), headers: { 'content-type': 'text/csv' } },
      allowed: rules.onPot('spend:create', 'SC'),
    },
    'GET /v1/plans/{planId}/pots/{potId}/statements/lines': {
      path: `${p}/lines?status=unexplained`,
      allowed: rules.seesPot('SC'),
    },
    'POST /v1/plans/{planId}/pots/{potId}/statements/lines/{lineId}/classify': {
      get path() {
        return `${p}/lines/${ids.line}/classify`;
      },
      body: { category: 'short_breaks', outcomeId: 'O2', provisionId: 'H1' },
      allowed: rules.onPot('spend:create', 'SC'),
      before: async () => {
        ids.line = await freshLine();
      },
    },
    'POST /v1/plans/{planId}/spends/{spendId}/receipts': {
      path: `/v1/plans/${planId}/spends/${ids.paid}/receipts`,
      body: { contentType: 'image/png', size: 100 },
      allowed: rules.onPot('spend:account', 'SC'),
    },
    'GET /v1/plans/{planId}/spends/{spendId}/receipts/{receiptId}': {
      path: `/v1/plans/${planId}/spends/${ids.paid}/receipts/${ids.receipt}`,
      allowed: rules.seesPot('SC'),
    },
  };
}
