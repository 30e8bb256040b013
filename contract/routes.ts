import type { FunctionGroup, GroupOf, RouteDef } from './route-def.js';
import { findingRoutes } from './route-table/finding.js';
import { lifecycleRoutes } from './route-table/lifecycle.js';
import { paymentRoutes } from './route-table/payments.js';
import { personalDataRoutes } from './route-table/personal-data.js';
import { planRoutes } from './route-table/plan.js';
import { reportRoutes } from './route-table/report.js';
import { spendRoutes } from './route-table/spend.js';
import { receiptRoutes, statementRoutes } from './route-table/statements.js';

export { type FunctionGroup, groupOf, type RouteDef } from './route-def.js';

const routeTable = [
  ...planRoutes,
  ...findingRoutes,
  ...lifecycleRoutes,
  ...spendRoutes,
  ...reportRoutes,
  ...personalDataRoutes,
  ...paymentRoutes,
  ...statementRoutes,
  ...receiptRoutes,
] as const;

/** Every route, as the stack, the local server and OpenAPI read them. */
export const routes: readonly RouteDef[] = routeTable;

/** A route's key: its method and path template, as API Gateway names it. */
type KeyOf<R> = R extends { method: infer M extends string; path: infer P extends string }
  ? `${M} ${P}`
  : never;
export type RouteKey = KeyOf<(typeof routeTable)[number]>;
export type RouteOf<K extends RouteKey> = Extract<
  (typeof routeTable)[number],
  { method: K extends `${infer M} ${string}` ? M : never; path: K extends `${string} ${infer P}` ? P : never }
>;

/** A route table entry as declared (`as const`), so the types below can read its literals. */
export type DeclaredRoute = (typeof routeTable)[number];
export type { KeyOf };

/** A handler's name as the route table gives it, `file.handler`: e.g. `spends.create`. */
type NameOf<R> = R extends { file: infer F extends string; handler: infer H extends string }
  ? `${F}.${H}`
  : never;

/**
 * The handlers one group's function must hold, by name: exactly those of its routes, each built for
 * its own route (`route` is the key `handler()` in functions/http/route.ts stamps on what it makes).
 * A route added to the table does not compile until its group's entry (functions/api-*.ts) lists
 * its handler; a handler listed in the wrong group, or built for another route, does not either.
 */
export type GroupHandlers<G extends FunctionGroup, H> = {
  [R in DeclaredRoute as GroupOf<R> extends G ? NameOf<R> : never]: H & { readonly route?: KeyOf<R> };
};

export { matchPath } from './paths.js';
export { problemCodesOf } from './problems.js';

export function routeOf(key: RouteKey): RouteDef {
  const found = routes.find((r) => `${r.method} ${r.path}` === key);
  if (!found) throw new Error(`no route ${key}`);
  return found;
}
