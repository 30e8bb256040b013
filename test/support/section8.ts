import type { Actor } from '../../domain/model.js';
import { BROKER, COUNCIL, ICB } from '../../local/section8.js';

/** The plan, budget and actors of DESIGN.md section 8, shared by every level of test. */
export {
  agreementInput,
  BROKER,
  budgetInput,
  COUNCIL,
  ICB,
  planInput,
  spendInput,
} from '../../local/section8.js';

export const actors = {
  officer: { sub: 'officer-1', role: 'council_officer', org: COUNCIL, plans: [] } satisfies Actor,
  otherOfficer: { sub: 'officer-9', role: 'council_officer', org: 'LA-002', plans: [] } satisfies Actor,
  health: { sub: 'nurse-1', role: 'health_officer', org: ICB, plans: [] } satisfies Actor,
  otherHealth: { sub: 'nurse-9', role: 'health_officer', org: 'ICB-09', plans: [] } satisfies Actor,
  broker: { sub: 'broker-1', role: 'broker', org: BROKER, plans: [] } satisfies Actor,
  otherBroker: { sub: 'broker-9', role: 'broker', org: 'BRK-9', plans: [] } satisfies Actor,
  auditor: { sub: 'audit-1', role: 'auditor', org: COUNCIL, plans: [] } satisfies Actor,
  family: (planId: string): Actor => ({ sub: 'parent-1', role: 'family', org: COUNCIL, plans: [planId] }),
  scheduler: { sub: 'scheduler', role: 'scheduler', org: 'system', plans: [] } satisfies Actor,
};
