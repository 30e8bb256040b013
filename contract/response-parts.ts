import { roles } from '../domain/model.js';
import * as z from './zod.js';

/** The small shapes every response schema is built from. */

export const Amount = z
  .string()
  .check(z.regex(/^-?[0-9]+\.[0-9]{2}$/))
  .register(z.globalRegistry, { description: 'GBP, 2 decimals', examples: ['45.00'] });
export const CalendarDate = z.string().check(z.regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/));
export const Instant = z.string().register(z.globalRegistry, { description: 'ISO 8601 instant' });
export const Cursor = z
  .nullable(z.string())
  .register(z.globalRegistry, { description: 'pass as `cursor` for the next page; null on the last' });

export const ActorRef = z
  .strictObject({ sub: z.string(), role: z.enum(roles), org: z.string() })
  .register(z.globalRegistry, { id: 'ActorRef' });
export const Period = z.strictObject({ start: CalendarDate, end: CalendarDate });

/** Compile-time: the compiler refuses a view whose type no longer fits its documented schema. */
export type Fits<Schema extends z.ZodMiniType, View extends z.output<Schema>> = View;

/**
 * A page of a list: the fields that say what it lists (`extra`, first), its `items` and the cursor
 * for the next page. Registered under `id` for /v1/openapi.json.
 */
export function pageOf<Item extends z.ZodMiniType, Extra extends z.core.$ZodShape = Record<never, never>>(
  item: Item,
  id: string,
  extra: Extra = {} as Extra,
) {
  return z.strictObject({ ...extra, items: z.array(item), next: Cursor }).register(z.globalRegistry, { id });
}
