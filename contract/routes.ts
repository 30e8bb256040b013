import type { ProblemCode } from './problems.js';
import { findingRoutes } from './route-table/finding.js';
import { lifecycleRoutes } from './route-table/lifecycle.js';
import { planRoutes } from './route-table/plan.js';
import { reportRoutes } from './route-table/report.js';
import { spendRoutes } from './route-table/spend.js';
import { receiptRoutes, statementRoutes } from './route-table/statements.js';
import type * as z from './zod.js';

/**
 * Every HTTP route, as data: the local server routes by it, the CDK stack makes one function per
 * handler from it, and /v1/openapi.json is generated from it.
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Module under functions/ and its exported handler. */
  file: string;
  handler: string;
  summary: string;
  /** DynamoDB access the handler needs: the CDK grants no more. */
  table: 'read' | 'write' | 'none';
  status: number;
  /** Request schemas, each built on its first use (contract/schemas.ts). */
  body?: () => z.ZodMiniType;
  query?: () => z.ZodMiniType;
  public?: boolean;
  /** Statuses other than `status` a success may have (202 for a run that continues). */
  alsoStatus?: readonly number[];
  /** Other representations: CSV beside JSON; `text/plain` alone when the route's response (route-responses.ts) is PlainTextSchema. */
  formats?: ReadonlyArray<'text/csv' | 'text/plain'>;
  /** The refusals particular to this route; `problemCodesOf` adds those every route of its kind has. */
  problems: readonly ProblemCode[];
  /** Queues the handler sends to: the stack grants them and passes their URLs. */
  sends?: ReadonlyArray<'instalmentShards'>;
  /** Moves money: API Gateway throttles these routes tighter than the stage. */
  money?: boolean;
  /**
   * A body taken as text of these media types, with its own size limit, instead of JSON of at
   * most 64 KB (a bank statement, DESIGN.md section 11b).
   */
  rawBody?: { types: readonly string[]; bytesMax: number };
}

/**
 * Routes share a Lambda by privilege, so a low-traffic service keeps a few warm pools rather than
 * one per route: the public document, reads, the organisation-wide reports, and writes in two
 * groups, those that move money and those that manage plans, so that each write function holds
 * half the write code and starts the faster for it (docs/decisions/42).
 */
export type FunctionGroup = 'public' | 'read' | 'money' | 'manage' | 'reports';
export const groupOf = (r: Pick<RouteDef, 'public' | 'file' | 'table' | 'money'>): FunctionGroup =>
  r.public
    ? 'public'
    : r.file === 'reports'
      ? 'reports'
      : r.table === 'write'
        ? r.money
          ? 'money'
          : 'manage'
        : 'read';

const routeTable = [
  ...planRoutes,
  ...findingRoutes,
  ...lifecycleRoutes,
  ...spendRoutes,
  ...reportRoutes,
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

export { matchPath } from './paths.js';
export { problemCodesOf } from './problems.js';

export function routeOf(key: RouteKey): RouteDef {
  const found = routes.find((r) => `${r.method} ${r.path}` === key);
  if (!found) throw new Error(`no route ${key}`);
  return found;
}
