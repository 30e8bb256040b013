import * as reports from './reports.js';
import { router } from './router.js';

/** The reports group's function. Organisation-wide reports: statements, reconciliations, monitoring returns and the journal. */
export const handler = router('reports', {
  'reports.statement': reports.statement,
  'reports.councilReconciliationReport': reports.councilReconciliationReport,
  'reports.monitoringReturns': reports.monitoringReturns,
  'reports.surpluses': reports.surpluses,
  'reports.councilRecoveries': reports.councilRecoveries,
  'reports.funderRecoveries': reports.funderRecoveries,
  'reports.journal': reports.journal,
  'reports.funderReconciliationReport': reports.funderReconciliationReport,
  'reports.clientMoneyReport': reports.clientMoneyReport,
});
