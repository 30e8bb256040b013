import type { RouteDef } from '../contract/routes.js';
import * as ledger from '../functions/ledger.js';
import * as lifecycle from '../functions/lifecycle.js';
import * as openapi from '../functions/openapi.js';
import * as payments from '../functions/payments.js';
import * as personalData from '../functions/personal-data.js';
import * as plans from '../functions/plans.js';
import * as pots from '../functions/pots.js';
import * as reports from '../functions/reports.js';
import type { Handler } from '../functions/router.js';
import * as spends from '../functions/spends.js';
import * as statements from '../functions/statements.js';

/**
 * Every route's handler, by the names its route table entry gives: the local server calls them
 * as API Gateway calls the group functions (functions/api-read.ts, api-money.ts, api-manage.ts,
 * api-reports.ts and openapi.ts), one handler per route.
 */
const modules: Record<string, Record<string, unknown>> = {
  plans,
  spends,
  pots,
  ledger,
  lifecycle,
  openapi,
  reports,
  'personal-data': personalData,
  payments,
  statements,
};

export function handlerOf(route: Pick<RouteDef, 'file' | 'handler'>): Handler {
  const h = modules[route.file]?.[route.handler];
  if (typeof h !== 'function') throw new Error(`no handler ${route.file}.${route.handler}`);
  return h as Handler;
}
