import { createHash, randomBytes } from 'node:crypto';
import { homeOf, page, type WebConfig } from '../context.js';
import { cookie, redirect, type WebRequest, type WebResponse } from '../http.js';
import {
  newCsrf,
  newSessionId,
  type Session,
  seal,
  sessionCookie,
  sessionHours,
  unseal,
  webRoles,
} from '../session.js';

/**
 * Signing in. Locally: a development form (role, organisation, plans, subject) that obtains a
 * development token (DESIGN.md section 10). In AWS: Cognito's hosted UI, authorization code with
 * PKCE; the code is exchanged for tokens here, server side, and the token lives only in the
 * sealed session cookie.
 */

const preSignIn = 'ehcp_signin';
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const tokenRoles: readonly string[] = webRoles;

async function startSession(
  config: WebConfig,
  token: string,
  claims: Omit<Session, 'token' | 'csrf' | 'expires' | 'sid'>,
): Promise<WebResponse> {
  const now = Math.floor(Date.now() / 1000);
  const sid = newSessionId();
  await config.sessions.create(sid, now);
  const session: Session = {
    token,
    csrf: newCsrf(),
    ...claims,
    expires: now + sessionHours * 3600,
    sid,
  };
  return redirect('/', [
    cookie(sessionCookie, seal(config.sessionKey, session), {
      secure: config.secureCookies,
      maxAgeSeconds: sessionHours * 3600,
    }),
    cookie(preSignIn, '', { secure: config.secureCookies, maxAgeSeconds: 0 }),
  ]);
}

/** Claims of a token, read without verifying: the API verifies it on every call. */
function claimsOf(token: string): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  } catch {
    return {};
  }
}

export async function signInPages(req: WebRequest, config: WebConfig): Promise<WebResponse | undefined> {
  if (req.path === '/sign-in' && config.devSignIn) {
    if (req.method === 'GET') {
      const csrf = newCsrf();
      const res = page({ req, config }, 'sign-in.njk', {
        title: 'Sign in (development)',
        csrf,
        roles: tokenRoles,
      });
      return {
        ...res,
        cookies: [cookie(preSignIn, csrf, { secure: config.secureCookies, maxAgeSeconds: 1800 })],
      };
    }
    if (req.method === 'POST') {
      const sent = req.form.get('_csrf');
      if (!sent || sent !== req.cookies[preSignIn])
        return page(
          { req, config },
          'problem.njk',
          { title: 'This form could not be sent', message: 'Reload the sign-in page and try again.' },
          403,
        );
      const role = req.form.get('role') ?? '';
      const org = (req.form.get('org') ?? '').trim();
      const sub = (req.form.get('sub') ?? '').trim() || `${role}-user`;
      const plans = (req.form.get('plans') ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const errors = [
        ...(tokenRoles.includes(role as never) ? [] : [{ field: 'role', text: 'Choose a role' }]),
        ...(idPattern.test(org) ? [] : [{ field: 'org', text: 'Enter an organisation such as LA-001' }]),
        ...(idPattern.test(sub) ? [] : [{ field: 'sub', text: 'A user id is letters, digits, _ and -' }]),
        ...(plans.every((p) => idPattern.test(p))
          ? []
          : [{ field: 'plans', text: 'Plan ids are separated by commas' }]),
      ];
      if (errors.length > 0) {
        const csrf = newCsrf();
        const res = page(
          { req, config },
          'sign-in.njk',
          { title: 'Sign in (development)', csrf, roles: tokenRoles, errors },
          400,
        );
        return {
          ...res,
          cookies: [cookie(preSignIn, csrf, { secure: config.secureCookies, maxAgeSeconds: 1800 })],
        };
      }
      const token = await config.devSignIn({ role, org, plans, sub });
      return startSession(config, token, { role: role as Session['role'], org, sub, plans });
    }
  }
  const cognito = config.cognito;
  if (cognito && req.method === 'GET' && req.path === '/sign-in') {
    const verifier = randomBytes(32).toString('base64url');
    const state = randomBytes(16).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const url = new URL(`${cognito.domain}/oauth2/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: cognito.redirectUri,
      scope: 'openid email',
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString();
    return redirect(url.toString(), [
      cookie(preSignIn, seal(config.sessionKey, { verifier, state }), {
        secure: config.secureCookies,
        maxAgeSeconds: 600,
      }),
    ]);
  }
  if (cognito && req.method === 'GET' && req.path === '/auth/callback') {
    const pending = unseal<{ verifier: string; state: string }>(config.sessionKey, req.cookies[preSignIn]);
    const code = req.query.get('code');
    if (!pending || !code || req.query.get('state') !== pending.state) return redirect('/sign-in');
    const res = await fetch(`${cognito.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: cognito.clientId,
        code,
        redirect_uri: cognito.redirectUri,
        code_verifier: pending.verifier,
      }).toString(),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) return redirect('/sign-in');
    const tokens = (await res.json()) as { id_token?: string };
    if (!tokens.id_token) return redirect('/sign-in');
    const c = claimsOf(tokens.id_token);
    const plansClaim = c['custom:plans'] ?? c.plans ?? '';
    return startSession(config, tokens.id_token, {
      role: String(c['custom:role'] ?? c.role ?? '') as Session['role'],
      org: String(c['custom:org'] ?? c.org ?? ''),
      sub: String(c.sub ?? ''),
      plans: typeof plansClaim === 'string' ? plansClaim.split(',').filter(Boolean) : [],
    });
  }
  return undefined;
}

export { homeOf };
