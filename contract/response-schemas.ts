import * as l from './lifecycle-responses.js';
import * as payments from './payment-responses.js';
import * as pd from './personal-data-responses.js';
import * as reports from './report-responses.js';
import * as r from './responses.js';
import * as st from './statement-schemas.js';
import type * as z from './zod.js';

/** A module's exported `XSchema`s by name `X`. */
type Named<M> = { [K in keyof M as K extends `${infer N}Schema` ? N : never]: M[K] };

const named = <M extends object>(module: M): Named<M> =>
  Object.fromEntries(
    Object.entries(module)
      .filter(([key]) => key.endsWith('Schema'))
      .map(([key, schema]) => [key.slice(0, -'Schema'.length), schema]),
  ) as Named<M>;

/**
 * Every success body a route may answer with, by the name its route table entry gives as `response`
 * (contract/route-def.ts): each `XSchema` the three response modules export, as `X`. A new body is
 * one export there; nothing here changes. Only the OpenAPI document, docs/api.md and the tests load
 * this module: the functions serving requests never build these schemas (docs/decisions/42); the
 * route table and the web name them with type-only imports, which cost a bundle nothing.
 */
export const responseSchemas = {
  ...named(r),
  ...named(l),
  ...named(reports),
  ...named(pd),
  ...named(payments),
  ...named(st),
} satisfies Record<string, z.ZodMiniType>;
