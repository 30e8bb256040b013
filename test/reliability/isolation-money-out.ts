import type { Actor } from '../../domain/model.js';
import { BROKER, COUNCIL } from '../support/section8.js';

/** The isolation matrix's cells for money out (DESIGN.md 11b): accounts, a run's payments, returned payments. */

interface Cell {
  path: string;
  body?: unknown;
  allowed: (a: Actor) => boolean;
}

const account = { name: 'Matrix account', sortCode: '08-99-99', accountNumber: '66374958' };
/** Council officers of the run's council and its auditors read a run's payments. */
export const readsRunPayments = (a: Actor): boolean =>
  (a.role === 'council_officer' || a.role === 'auditor') && a.org === COUNCIL;

export function moneyOutCells(ids: Record<string, string>): Record<string, Cell> {
  return {
    'PUT /v1/funders/{funderId}/payment-account': {
      path: `/v1/funders/${COUNCIL}/payment-account`,
      body: account,
      allowed: (a) => (a.role === 'council_officer' || a.role === 'health_officer') && a.org === COUNCIL,
    },
    'PUT /v1/brokers/{brokerId}/account': {
      path: `/v1/brokers/${BROKER}/account`,
      body: account,
      allowed: (a) => a.role === 'broker' && a.org === BROKER,
    },
    'GET /v1/instalment-runs/{runId}/payments': {
      path: `/v1/instalment-runs/${ids.firstRun}/payments`,
      allowed: readsRunPayments,
    },
    'POST /v1/payments/{paymentId}/returned': {
      path: `/v1/payments/${ids.payment}/returned`,
      body: { reason: 'matrix', code: 'AC01' },
      allowed: (a) => a.role === 'council_officer' && a.org === COUNCIL,
    },
  };
}
