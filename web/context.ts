import type { ProblemCode } from '../contract/problems.js';
import { Api, type ApiAnswer } from './api.js';
import { html, newKey, type WebRequest, type WebResponse } from './http.js';
import { type FieldError, formErrors, hrefOf, refusalMessages } from './messages.js';
import type { Renderer } from './render.js';
import type { Session, SessionStore } from './session.js';

/** What every page handler gets: the request, the user's session and API client, and rendering. */

export interface WebConfig {
  /** The API's own address (API Gateway in AWS, not CloudFront, so rate limits see users). */
  apiBase: string;
  sessionKey: Buffer;
  /** Where sessions are kept, so signing out ends them on the server (web/session.ts). */
  sessions: SessionStore;
  secureCookies: boolean;
  renderer: Renderer;
  /** Where GOV.UK Frontend's files and the app's own assets are read from. */
  assetDirs: { govuk: string; app: string };
  /** Local only: signs a development token. Absent in the AWS build, and so is /sign-in's form. */
  devSignIn?: (claims: { role: string; org: string; plans: string[]; sub: string }) => Promise<string>;
  /** In AWS: Cognito's hosted UI (authorization code with PKCE). */
  cognito?: { domain: string; clientId: string; redirectUri: string };
  /** The council whose service this is (env COUNCIL_NAME, COUNCIL_EMAIL, COUNCIL_PHONE): its name heads every page. */
  council?: Council;
  /** Local only: the day LEDGER_TODAY fixes (section 11a); else today's date. */
  today?: string | undefined;
}

/** Today's date as the web app shows and defaults it: LEDGER_TODAY locally, else the clock's. */
export const todayOf = (config: Pick<WebConfig, 'today'>): string =>
  config.today ?? new Date().toISOString().slice(0, 10);

export interface Council {
  name: string;
  email: string;
  phone: string;
}

/** The council from the environment; a stage without one says "Your council". */
export const councilFromEnv = (env: Record<string, string | undefined> = process.env): Council => ({
  name: env.COUNCIL_NAME || 'Your council',
  email: env.COUNCIL_EMAIL || 'send.personalbudgets@example.gov.uk',
  phone: env.COUNCIL_PHONE || '0300 123 4567',
});

const defaultCouncil = councilFromEnv({});

const roleWords: Record<string, string> = {
  family: 'family',
  key_worker: 'key worker',
  council_officer: 'council officer',
  health_officer: 'health officer',
  broker: 'broker',
  auditor: 'auditor',
};

/** Who is signed in, without raw ids: a family needs no label; staff see their role and organisation. */
const signedInAs = (session: Session): string =>
  session.role === 'family' || session.role === 'key_worker'
    ? 'You are signed in.'
    : `Signed in as a ${roleWords[session.role] ?? 'user'} (${session.org}).`;

export interface Ctx {
  req: WebRequest;
  config: WebConfig;
  session: Session;
  api: Api;
  params: Record<string, string>;
}

export function apiFor(config: WebConfig, session: Session): Api {
  return new Api(config.apiBase, session.token);
}

interface NavItem {
  href: string;
  text: string;
  active?: boolean;
}

export function homeOf(session: Pick<Session, 'role' | 'plans'>, firstPlan?: string): string {
  switch (session.role) {
    case 'family':
    case 'key_worker':
      return firstPlan ? `/plans/${firstPlan}` : '/plans';
    case 'council_officer':
    case 'health_officer':
      return '/worklist';
    case 'broker':
      return '/clients';
    default:
      return '/reports';
  }
}

function navigation(session: Session, path: string): NavItem[] {
  const items: NavItem[] = (() => {
    switch (session.role) {
      case 'family':
      case 'key_worker':
        return [{ href: '/', text: 'Your budget' }];
      case 'broker':
        return [{ href: '/clients', text: 'Clients' }];
      case 'council_officer':
        return [
          { href: '/worklist', text: 'Worklist' },
          { href: '/approvals', text: 'Approvals' },
          { href: '/plans', text: 'Plans' },
          { href: '/runs/new', text: 'Instalments' },
          { href: '/reconciliation', text: 'Reconciliation' },
          { href: '/monitoring', text: 'Monitoring' },
          { href: '/surpluses', text: 'Surpluses' },
          { href: '/policy', text: 'Policy' },
        ];
      case 'health_officer':
        return [
          { href: '/worklist', text: 'Worklist' },
          { href: '/approvals', text: 'Approvals' },
          { href: '/reconciliation', text: 'Reconciliation' },
        ];
      default:
        return [
          { href: '/reports', text: 'Reports' },
          { href: '/plans', text: 'Plans' },
          { href: '/reconciliation', text: 'Reconciliation' },
          { href: '/monitoring', text: 'Monitoring' },
          { href: '/surpluses', text: 'Surpluses' },
        ];
    }
  })();
  return items.map((i) => ({ ...i, active: i.href !== '/' && path.startsWith(i.href) }));
}

/** Renders a page for the signed-in user; every changing form gets a fresh Idempotency-Key. */
export function page(
  ctx: Pick<Ctx, 'req' | 'config'> & { session?: Session | undefined },
  template: string,
  data: Record<string, unknown>,
  status = 200,
  /** Origins beyond 'self' the page's forms post to (the receipt form's pre-signed POST). */
  formActions: string[] = [],
): WebResponse {
  const errors = (data.errors as FieldError[] | undefined) ?? [];
  return html(
    ctx.config.renderer.render(template, {
      // The address's own values, for every page; a handler's data of the same name wins over them
      // (a page may have its own `done` or `values`, never overwritten by what the address says).
      query: Object.fromEntries(ctx.req.query),
      done: ctx.req.query.get('done') ?? undefined,
      values: Object.fromEntries(ctx.req.form),
      ...data,
      session: ctx.session,
      council: ctx.config.council ?? defaultCouncil,
      signedInAs: ctx.session ? signedInAs(ctx.session) : '',
      navigation: ctx.session ? navigation(ctx.session, ctx.req.path) : [],
      idempotencyKey: newKey(),
      errors,
      errorList: errors.map((e) => ({ text: e.text, href: hrefOf(e.field) })),
      errorOf: Object.fromEntries(errors.map((e) => [e.field, { text: e.text }])),
    }),
    status,
    undefined,
    formActions,
  );
}

/** The page for an API answer that is not a success a page can show. */
export function failure(ctx: Pick<Ctx, 'req' | 'config' | 'session'>, answer: ApiAnswer): WebResponse {
  if (answer.status === 404 || answer.status === 400)
    return page(ctx, 'not-found.njk', { title: 'Page not found' }, 404);
  if (answer.status === 401) return { status: 303, headers: { location: '/sign-in' }, body: '' };
  return refusalPage(ctx, (answer.body.code ?? 'INTERNAL') as ProblemCode, Math.min(answer.status, 500));
}

/** A refusal in plain words, whether the API made it or the web app knew it before calling. */
export function refusalPage(
  ctx: Pick<Ctx, 'req' | 'config' | 'session'>,
  code: ProblemCode,
  status: number,
): WebResponse {
  return page(
    ctx,
    'problem.njk',
    { title: 'Sorry, that did not work', message: refusalMessages[code] ?? refusalMessages.INTERNAL },
    status,
  );
}

export { formErrors };

/** A page's handler, and a page route: a method, a path pattern and its handler (web/app.ts routes them). */
export type Handler = (ctx: Ctx) => Promise<WebResponse>;
export interface PageRoute {
  method: 'GET' | 'POST';
  pattern: string;
  handler: Handler;
}
