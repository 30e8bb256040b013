import { z } from 'zod';
import { problemTable } from './http/problems.js';
import { route } from './http/route.js';
import { routes } from './routes.js';

/** GET /v1/openapi.json: OpenAPI 3.1 generated from the same zod schemas that validate requests. */

const schemaOf = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

type JsonSchema = Record<string, unknown> & { $defs?: Record<string, unknown>; $ref?: string };

/** Moves a schema's named definitions into components and returns a reference to it. */
function component(schema: z.ZodType, components: Record<string, unknown>): unknown {
  const {
    $schema: _dialect,
    $defs,
    ...rest
  } = JSON.parse(
    JSON.stringify(schemaOf(schema)).replaceAll('#/$defs/', '#/components/schemas/'),
  ) as JsonSchema;
  Object.assign(components, $defs ?? {});
  return rest;
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
      ? Object.entries((schemaOf(r.query) as { properties?: Record<string, unknown> }).properties ?? {}).map(
          ([name, schema]) => ({
            name,
            in: 'query',
            required: false,
            schema,
          }),
        )
      : [];
    const mutating = r.method !== 'GET';
    const operation: Record<string, unknown> = {
      operationId: `${r.file}.${r.handler}`,
      summary: r.summary,
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
        [String(r.status)]: { description: 'Success', content: { 'application/json': {} } },
        default: {
          description: 'A problem',
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      },
      ...(r.public ? { security: [] } : {}),
    };
    if (r.body)
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: component(r.body, components) } },
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

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = route({ status: 200, public: true }, async () => {
  document ??= openApiDocument();
  return { body: document };
});
