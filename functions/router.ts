import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type FunctionGroup, type GroupHandlers, groupOf, routes } from '../contract/routes.js';

/**
 * One privilege group's Lambda entry point: dispatches by API Gateway's route key to the handler
 * its route table entry names. Each group's entry (api-read.ts, api-money.ts, api-manage.ts, api-reports.ts)
 * imports only its own handlers, so its bundle holds only their code (docs/decisions/42); a group
 * whose handlers do not match its routes exactly does not compile, and would fail at its first import.
 */

export type Handler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A route's handler by the route table's names: `file.handler`, e.g. `spends.create`. */
export const handlerName = (r: { file: string; handler: string }) => `${r.file}.${r.handler}`;

export function router<G extends FunctionGroup>(group: G, mineByName: GroupHandlers<G, Handler>): Handler {
  // The compiler holds the group to exactly its routes' handlers; this check stays for a table
  // built at run time (and reads the route table's `groupOf`, the one the stack reads).
  const handlers: Record<string, Handler | undefined> = mineByName;
  const mine = routes.filter((r) => groupOf(r) === group);
  const missing = mine.map(handlerName).filter((name) => !handlers[name]);
  const extra = Object.keys(handlers).filter((name) => !mine.some((r) => handlerName(r) === name));
  if (missing.length || extra.length)
    throw new Error(
      `the ${group} group's handlers do not match its routes: missing ${missing}, extra ${extra}`,
    );
  const table = new Map(
    mine.map((r): [string, Handler] => [`${r.method} ${r.path}`, handlers[handlerName(r)] as Handler]),
  );
  return async (event, context) => {
    const handler = table.get(event.routeKey);
    // API Gateway sends a function only its own routes; anything else is a wiring mistake.
    if (!handler) throw new Error(`route ${event.routeKey} is not in the ${group} group`);
    return handler(event, context);
  };
}
