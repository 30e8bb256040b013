import { join } from 'node:path';
import type { WebConfig } from '../../web/context.js';
import type { WebRequest } from '../../web/http.js';
import { renderer } from '../../web/render.js';
import { MemorySessionStore, type Session, seal, sessionCookie } from '../../web/session.js';

/**
 * The web app's handler without a browser or a server of its own: a config pointing at an API
 * the test stands up, and a signed-in session of the role it needs.
 */
const key = Buffer.alloc(32, 7);

export async function configAt(
  apiBase: string,
  who: Pick<Session, 'role' | 'org'> = { role: 'council_officer', org: 'LA-001' },
): Promise<{ config: WebConfig; session: Session }> {
  const govuk = join(process.cwd(), 'node_modules', 'govuk-frontend', 'dist');
  const sessions = new MemorySessionStore();
  const now = Math.floor(Date.now() / 1000);
  await sessions.create('sid-1', now);
  const config: WebConfig = {
    apiBase,
    sessionKey: key,
    sessions,
    secureCookies: false,
    renderer: renderer(join(process.cwd(), 'web', 'views'), govuk),
    assetDirs: { govuk: join(govuk, 'govuk'), app: join(process.cwd(), 'web', 'public') },
  };
  const session: Session = {
    token: 't',
    csrf: 'csrf-token-of-the-session',
    ...who,
    sub: 'officer-1',
    plans: [],
    expires: now + 3600,
    sid: 'sid-1',
  };
  return { config, session };
}

/** A request from that session; a POST carries its CSRF token. */
export const request = (
  session: Session,
  method: string,
  path: string,
  form: Record<string, string> = {},
): WebRequest => ({
  method,
  path,
  query: new URLSearchParams(),
  headers: {},
  form: new URLSearchParams(method === 'POST' ? { _csrf: session.csrf, ...form } : {}),
  cookies: { [sessionCookie]: seal(key, session) },
});
