import type { ProblemCode } from './problems.js';
import type { responseSchemas } from './response-schemas.js';
import type * as z from './zod.js';

/** The name of a success body (contract/response-schemas.ts); a type, so no schema is loaded for it. */
export type ResponseName = keyof typeof responseSchemas;

/**
 * Every HTTP route, as data: the local server routes by it, the CDK stack makes one function per
 * handler from it, and /v1/openapi.json is generated from it. One entry declares the route: its
 * handler (`file.handler`, which the group's entry must list: `GroupHandlers`), its function group
 * (`groupOf`), its success body (`response`) and its OpenAPI entry all follow from it, each checked
 * by the compiler (docs/architecture.md, how to add a route).
 */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** Module under functions/ and its exported handler. */
  file: string;
  handler: string;
  summary: string;
  /**
   * The success body's schema by name. Optional only for routes written before it existed, whose
   * body is in contract/route-responses.ts instead; the compiler asks for one or the other.
   */
  response?: ResponseName;
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
  formats?: ReadonlyArray<'text/csv' | 'text/plain' | 'application/xml'>;
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

/** `groupOf` at the type level, for a route table entry read `as const`. */
export type GroupOf<R> = R extends { public: true }
  ? 'public'
  : R extends { file: 'reports' }
    ? 'reports'
    : R extends { table: 'write' }
      ? R extends { money: true }
        ? 'money'
        : 'manage'
      : 'read';
