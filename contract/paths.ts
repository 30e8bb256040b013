/** Matching a request path against the route table's path templates. */

/** A malformed percent-escape stays as sent; the id rule then refuses it as not found. */
function decodedOrRaw(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Matches a concrete path against a route template, returning its path parameters. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const t = template.split('/');
  const p = path.split('/');
  if (t.length !== p.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const part = t[i] as string;
    const value = p[i] as string;
    if (part.startsWith('{') && part.endsWith('}')) {
      if (value === '') return undefined;
      params[part.slice(1, -1)] = decodedOrRaw(value);
    } else if (part !== value) return undefined;
  }
  return params;
}
