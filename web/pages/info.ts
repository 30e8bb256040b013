import { type Ctx, page } from '../context.js';
import type { WebResponse } from '../http.js';

/** The footer's pages (DESIGN.md 11c): open to everyone, signed in or not. */
const topics: Record<string, string> = {
  '/accessibility': 'Accessibility statement',
  '/privacy': 'Privacy notice',
  '/cookies': 'Cookies',
  '/contact': 'Contact us',
};

export function infoPage(
  ctx: Pick<Ctx, 'req' | 'config'> & { session?: Ctx['session'] | undefined },
): WebResponse | undefined {
  const title = ctx.req.method === 'GET' ? topics[ctx.req.path] : undefined;
  if (!title) return undefined;
  return page(ctx, 'info.njk', { title, topic: ctx.req.path.slice(1) });
}
