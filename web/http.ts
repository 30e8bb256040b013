import { randomUUID } from 'node:crypto';

/** The web tier's own request and response: one shape for the local server and for Lambda. */

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  /** Form fields of a urlencoded POST body. */
  form: URLSearchParams;
  cookies: Record<string, string>;
}

export interface WebResponse {
  status: number;
  headers: Record<string, string>;
  /** Several Set-Cookie headers cannot share one header field. */
  cookies?: string[];
  body: string | Buffer;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a cookie we did not set
    }
  }
  return out;
}

export function cookie(
  name: string,
  value: string,
  options: { secure: boolean; maxAgeSeconds?: number; path?: string },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${options.path ?? '/'}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(options.secure ? ['Secure'] : []),
    ...(options.maxAgeSeconds === undefined ? [] : [`Max-Age=${options.maxAgeSeconds}`]),
  ].join('; ');
}

/**
 * The origin a page's form may post to beside its own: an absolute http(s) URL's origin, else none
 * (a relative URL is 'self' already). The receipt form posts straight to the pre-signed POST's
 * address (S3 in AWS, DESIGN.md 11b), so its page allows that origin and no other.
 */
export function formOrigin(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Headers every page carries: no framing, no sniffing, a strict content policy, no caching of pages. */
export const pageHeaders = (nonce: string, formActions: string[] = []): Record<string, string> => ({
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'content-security-policy': `default-src 'self'; script-src 'self' 'nonce-${nonce}'; img-src 'self' data:; style-src 'self'; form-action ${["'self'", ...formActions].join(' ')}; frame-ancestors 'none'; base-uri 'self'`,
});

export const html = (
  page: { body: string; nonce: string },
  status = 200,
  cookies?: string[],
  formActions: string[] = [],
): WebResponse => ({
  status,
  headers: pageHeaders(page.nonce, formActions),
  body: page.body,
  ...(cookies ? { cookies } : {}),
});

/** After a POST the browser is sent on with 303, so a reload never posts twice (post/redirect/get). */
export const redirect = (location: string, cookies?: string[]): WebResponse => ({
  status: 303,
  headers: { location, 'cache-control': 'no-store' },
  body: '',
  ...(cookies ? { cookies } : {}),
});

export const newKey = (): string => randomUUID();

/** A CSV file the browser saves rather than shows. */
export const csvDownload = (name: string, text: string): WebResponse => ({
  status: 200,
  headers: {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  },
  body: text,
});
