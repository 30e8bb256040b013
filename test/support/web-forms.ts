/**
 * The web app as a browser without JavaScript uses it: a page fetched or a form posted, redirects
 * not followed, the cookies it sets kept for the next request.
 */
export const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export async function webRequest(
  base: string,
  path: string,
  options: { cookie?: string; form?: Record<string, string> } = {},
) {
  const res = await fetch(base + path, {
    method: options.form ? 'POST' : 'GET',
    redirect: 'manual',
    headers: {
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(options.form ? { body: new URLSearchParams(options.form).toString() } : {}),
  });
  return {
    status: res.status,
    location: res.headers.get('location'),
    cookies: res.headers.getSetCookie().map((c) => c.split(';')[0] ?? ''),
    body: await res.text(),
  };
}
