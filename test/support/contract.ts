import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { openApiDocument } from '../../contract/openapi-document.js';
import { matchPath, routes } from '../../contract/routes.js';

/**
 * Checks a real HTTP answer against /v1/openapi.json: the operation its method and path name, the
 * documented response of its status, and that response's JSON schema (problems included, with
 * the codes that operation documents). Returns what does not match; empty when it all holds.
 */
export function contractChecker() {
  const doc = openApiDocument();
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const compiled = new Map<string, ValidateFunction>();
  const validatorFor = (key: string, schema: unknown): ValidateFunction => {
    let v = compiled.get(key);
    if (!v) {
      v = ajv.compile({ ...(schema as object), components: doc.components });
      compiled.set(key, v);
    }
    return v;
  };
  let checked = 0;
  function check(
    method: string,
    url: string,
    status: number,
    contentType: string | null,
    body: unknown,
  ): string[] {
    const path = new URL(url, 'http://x').pathname;
    const route = routes.find((r) => r.method === method && matchPath(r.path, path));
    if (!route) return [`${method} ${path}: no documented operation`];
    const operation = (doc.paths[route.path] as Record<string, { responses: Record<string, unknown> }>)[
      method.toLowerCase()
    ];
    const response = operation?.responses[String(status)] as
      | { content?: Record<string, { schema?: unknown }> }
      | undefined;
    if (!response) return [`${method} ${route.path}: status ${status} is not documented`];
    const type = (contentType ?? '').split(';')[0]?.trim() ?? '';
    const content = response.content?.[type];
    if (!content) return [`${method} ${route.path} ${status}: content type ${type} is not documented`];
    if (type !== 'application/json' && type !== 'application/problem+json') return [];
    const validate = validatorFor(`${method} ${route.path} ${status} ${type}`, content.schema ?? {});
    checked++;
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) =>
        `${method} ${route.path} ${status}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
  return { check, checked: () => checked };
}
