import { type ProblemCode, problemTable } from './problems.js';
import { PlainTextSchema } from './responses.js';
import { responseOf } from './route-responses.js';
import { problemCodesOf, type RouteDef, routes } from './routes.js';
import * as z from './zod.js';

/**
 * GET /v1/openapi.json: OpenAPI 3.1 generated from the route table: request schemas from the zod
 * schemas that validate requests, success schemas from the zod schemas the contract test checks
 * real answers against, and per operation the problems it can answer (status and codes) from
 * the same problem table the error handler uses. Only the public function (openapi.ts), the docs
 * and the tests load this module: the success schemas it imports are most of the schemas there are.
 */

const schemaOf = (schema: z.ZodMiniType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

type JsonSchema = Record<string, unknown> & { $defs?: Record<string, unknown>; $ref?: string };

/** Two different schemas may not share a component name: one would silently replace the other. */
function addComponent(components: Record<string, unknown>, name: string, definition: unknown): void {
  if (name in components && JSON.stringify(components[name]) !== JSON.stringify(definition)) {
    throw new Error(`two different schemas are both named ${name} in the API description`);
  }
  components[name] = definition;
}

/** Moves a schema's named definitions into components and returns a reference to it. */
function component(
  schema: z.ZodMiniType,
  components: Record<string, unknown>,
  io: 'input' | 'output' = 'input',
): unknown {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = JSON.parse(
    JSON.stringify(schemaOf(schema, io)).replaceAll('#/$defs/', '#/components/schemas/'),
  ) as JsonSchema;
  for (const [name, definition] of Object.entries($defs ?? {})) addComponent(components, name, definition);
  // A schema with an id of its own becomes a component, referenced from the operation.
  const id = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  if (id && io === 'output' && rest.$ref === undefined) {
    addComponent(components, id, rest);
    return { $ref: `#/components/schemas/${id}` };
  }
  return rest;
}

/** The problem responses of one operation, grouped by status, each listing its codes. */
function problemResponses(r: RouteDef): Record<string, unknown> {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const code of problemCodesOf(r)) {
    const { status } = problemTable[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [
        String(status),
        {
          description: codes.map((c) => `\`${c}\`: ${problemTable[c].title}`).join('; '),
          content: {
            'application/problem+json': {
              schema: {
                allOf: [
                  { $ref: '#/components/schemas/Problem' },
                  { type: 'object', properties: { code: { enum: codes } } },
                ],
              },
            },
          },
        },
      ]),
  );
}

function successContent(r: RouteDef, components: Record<string, unknown>): Record<string, unknown> {
  const response = responseOf(r);
  if (response === PlainTextSchema) return { 'text/plain': { schema: { type: 'string' } } };
  return {
    'application/json': { schema: component(response, components, 'output') },
    ...Object.fromEntries((r.formats ?? []).map((f) => [f, { schema: { type: 'string' } }])),
  };
}

export function openApiDocument() {
  const components: Record<string, unknown> = {};
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const params = [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
    }));
    const query = r.query
      ? Object.entries(
          (schemaOf(r.query()) as { properties?: Record<string, unknown> }).properties ?? {},
        ).map(([name, schema]) => ({
          name,
          in: 'query',
          required: false,
          schema,
        }))
      : [];
    const mutating = r.method !== 'GET';
    const operation: Record<string, unknown> = {
      operationId: `${r.file}.${r.handler}`,
      summary: r.summary,
      tags: [r.path.split('/')[2] ?? 'v1'],
      parameters: [
        ...params,
        ...query,
        ...(mutating
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: true,
                schema: { type: 'string', minLength: 8, maxLength: 128 },
              },
            ]
          : []),
      ],
      responses: {
        ...Object.fromEntries(
          [r.status, ...(r.alsoStatus ?? [])].map((status) => [
            String(status),
            {
              description: status === 202 ? 'Accepted: continues in the background' : 'Success',
              content: successContent(r, components),
            },
          ]),
        ),
        ...problemResponses(r),
      },
      ...(r.public ? { security: [] } : {}),
    };
    if (r.rawBody)
      operation.requestBody = {
        required: true,
        description: `At most ${r.rawBody.bytesMax} bytes`,
        content: Object.fromEntries(r.rawBody.types.map((t) => [t, { schema: { type: 'string' } }])),
      };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: component(r.body(), components) } },
      };
    paths[r.path] = { ...(paths[r.path] ?? {}), [r.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'ehcp-ledger',
      version: '1.0.0',
      description: 'Decimal-exact ledger for EHC plan personal budgets.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        ...components,
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', enum: Object.keys(problemTable) },
            instance: { type: 'string' },
            requestId: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { path: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        },
      },
    },
  };
}
