import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { Api } from './api.js';
import { failure, homeOf, type PageRoute, page, type WebConfig } from './context.js';
import { cookie, redirect, type WebRequest, type WebResponse } from './http.js';
import { familyPages } from './pages/family.js';
import { infoPage } from './pages/info.js';
import { managePages } from './pages/manage.js';
import { officerPages } from './pages/officer.js';
import { reportPages } from './pages/reports.js';
import { runPages } from './pages/runs.js';
import { signInPages } from './pages/sign-in.js';
import { statementPages } from './pages/statements.js';
import { csrfMatches, resumeSession, sessionCookie } from './session.js';

/**
 * The web app (DESIGN.md section 10): server-rendered GOV.UK pages over the public API. Each route
 * is a method, a path pattern and a handler; every POST must carry the session's CSRF token.
 */

export type { Handler, PageRoute } from './context.js';

// Fixed paths (/plans/new) come before patterns that would take them as ids.
const routes: PageRoute[] = [
  ...runPages,
  ...officerPages,
  ...managePages,
  ...statementPages,
  ...familyPages,
  ...reportPages,
];

const compiled = routes.map((r) => ({
  ...r,
  regex: new RegExp(
    `^${r.pattern.replace(/:(\w+)/g, (_, name: string) => `(?<${name}>[A-Za-z0-9_-]{1,64})`)}$`,
  ),
}));

const assetTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/** GOV.UK Frontend's assets and the app's own, under /assets (cached long: they change with a release). */
async function asset(config: WebConfig, path: string): Promise<WebResponse | undefined> {
  const name = normalize(path.slice('/assets/'.length));
  if (name.startsWith('..') || name.includes('/../')) return undefined;
  const candidates = [
    join(config.assetDirs.app, name),
    join(config.assetDirs.govuk, name),
    join(config.assetDirs.govuk, 'assets', name),
  ];
  for (const file of candidates) {
    try {
      const body = await readFile(file);
      return {
        status: 200,
        headers: {
          'content-type': assetTypes[extname(name)] ?? 'application/octet-stream',
          'cache-control': 'public, max-age=3600',
          'x-content-type-options': 'nosniff',
        },
        body,
      };
    } catch {
      // try the next folder
    }
  }
  return undefined;
}

export async function handleWeb(req: WebRequest, config: WebConfig): Promise<WebResponse> {
  const now = new Date();
  if (req.method === 'GET' && req.path.startsWith('/assets/')) {
    return (
      (await asset(config, req.path)) ??
      page({ req, config }, 'not-found.njk', { title: 'Page not found' }, 404)
    );
  }
  const signIn = await signInPages(req, config);
  if (signIn) return signIn;
  if (req.path === '/sign-in')
    return page(
      { req, config },
      'problem.njk',
      {
        title: 'Sign-in is not set up',
        message: 'This deployment has no sign-in configured; ask its administrator.',
      },
      503,
    );
  const session = await resumeSession(config.sessionKey, config.sessions, req.cookies[sessionCookie], now);
  const info = infoPage({ req, config, session });
  if (info) return info;
  if (!session) {
    if (req.method === 'GET') return redirect('/sign-in');
    return page(
      { req, config },
      'problem.njk',
      { title: 'Your session has ended', message: 'Sign in again to carry on.' },
      401,
    );
  }
  if (req.method === 'POST' && !csrfMatches(session, req.form.get('_csrf'))) {
    return page(
      { req, config, session },
      'problem.njk',
      {
        title: 'This form could not be sent',
        message:
          'The form was not sent from this service or has expired. Go back, reload the page and try again.',
      },
      403,
    );
  }
  if (req.method === 'POST' && req.path === '/sign-out') {
    // Ended on the server: a copy of the cookie opens nothing after this (section 11a).
    if (session.sid) await config.sessions.end(session.sid, Math.floor(now.getTime() / 1000));
    return redirect('/sign-in', [
      cookie(sessionCookie, '', { secure: config.secureCookies, maxAgeSeconds: 0 }),
    ]);
  }
  const api = new Api(config.apiBase, session.token);
  try {
    if (req.method === 'GET' && req.path === '/') {
      const mine =
        session.role === 'family' || session.role === 'key_worker'
          ? await api.get<'MyPlans'>('/v1/me/plans')
          : undefined;
      const first = mine?.status === 200 ? mine.body.items[0]?.planId : undefined;
      if (mine && !first)
        return page({ req, config, session }, 'problem.njk', {
          title: 'No plans yet',
          message: 'You are not linked to any plan yet. Ask your council to add you to your child’s plan.',
        });
      return redirect(homeOf(session, first));
    }
    for (const r of compiled) {
      if (r.method !== req.method) continue;
      const match = r.regex.exec(req.path);
      if (!match) continue;
      return await r.handler({ req, config, session, api, params: { ...match.groups } });
    }
  } catch (error) {
    // The API did not answer in time (Api.callTimeoutMs) or could not be reached: a page of our
    // own, never the adapter's problem+json 500 (or Lambda's 502) in the browser. A form may be
    // sent again: its Idempotency-Key makes the second post replay the first.
    if (!apiUnreachable(error)) throw error;
    const busy = page(
      { req, config, session },
      'problem.njk',
      {
        title: 'Sorry, the service is busy',
        message:
          'It did not answer in time. What you asked for may still have been done: check before trying again, in a minute or two.',
      },
      503,
    );
    return { ...busy, headers: { ...busy.headers, 'retry-after': '30' } };
  }
  return failure({ req, config, session }, { status: 404, body: {}, text: '', contentType: '' });
}

/** fetch's own failures: a timeout (AbortSignal.timeout) or no connection ("fetch failed"). */
const apiUnreachable = (error: unknown): boolean =>
  error instanceof Error &&
  (error.name === 'TimeoutError' ||
    error.name === 'AbortError' ||
    (error instanceof TypeError && error.message === 'fetch failed'));
