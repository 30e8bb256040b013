import * as z from 'zod';
import { roles } from '../../domain/model.js';

/** The small shapes every response schema is built from. */

export const Amount = z
  .string()
  .regex(/^-?[0-9]+\.[0-9]{2}$/)
  .meta({ description: 'GBP, 2 decimals', examples: ['45.00'] });
export const CalendarDate = z.string().regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
export const Instant = z.string().meta({ description: 'ISO 8601 instant' });
export const Cursor = z
  .string()
  .nullable()
  .meta({ description: 'pass as `cursor` for the next page; null on the last' });

export const ActorRef = z
  .strictObject({ sub: z.string(), role: z.enum(roles), org: z.string() })
  .meta({ id: 'ActorRef' });
export const Period = z.strictObject({ start: CalendarDate, end: CalendarDate });

/** Compile-time: the compiler refuses a view whose type no longer fits its documented schema. */
export type Fits<Schema extends z.ZodType, View extends z.output<Schema>> = View;
