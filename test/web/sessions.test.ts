// Proves that web sessions are kept on the server (DESIGN.md section 11a): signing out ends the
// session, so a copy of the cookie replayed afterwards opens nothing; a session ends 8 hours after
// sign-in or 60 minutes after its last request; and a page shows only its own words, never text
// taken from the address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MemorySessionStore,
  resumeSession,
  type Session,
  seal,
  sessionCookie,
  sessionHours,
  sessionIdleMinutes,
} from '../../web/session.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL } from '../support/section8.js';
import { csrfIn, webRequest } from '../support/web-forms.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({}, { web: true });
});
afterAll(async () => {
  await api?.stop();
});

const web = (path: string, options: { cookie?: string; form?: Record<string, string> } = {}) =>
  webRequest(api.base, path, options);

async function signIn(role = 'council_officer', org = COUNCIL): Promise<string> {
  const form = await web('/sign-in');
  const signedIn = await web('/sign-in', {
    cookie: form.cookies.join('; '),
    form: { _csrf: csrfIn(form.body), role, org, plans: '', sub: `${role}-s` },
  });
  expect(signedIn.status).toBe(303);
  const session = signedIn.cookies.find((c) => c.startsWith(`${sessionCookie}=`));
  expect(session).toBeDefined();
  return String(session);
}

describe('web sessions', () => {
  it('end at sign-out on the server: the same cookie replayed afterwards opens nothing', async () => {
    // Prepare
    const cookie = await signIn();
    const page = await web('/approvals', { cookie });
    expect(page.status).toBe(200);
    // Act
    const out = await web('/sign-out', { cookie, form: { _csrf: csrfIn(page.body) } });
    // Assess
    expect([out.status, out.location]).toEqual([303, '/sign-in']);
    const replayed = await web('/approvals', { cookie });
    expect([replayed.status, replayed.location]).toEqual([303, '/sign-in']);
    const posted = await web('/sign-out', { cookie, form: { _csrf: csrfIn(page.body) } });
    expect(posted.status).toBe(401);
    // Another session of the same person is untouched by this one's end.
    const again = await signIn();
    expect((await web('/approvals', { cookie: again })).status).toBe(200);
  });

  it('show only their own words on the approvals page, never text from the address', async () => {
    const cookie = await signIn();
    const planted = 'approved. Call 0800 000 000 to confirm your bank details';
    const page = await web(`/approvals?done=${encodeURIComponent(planted)}`, { cookie });
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('0800 000 000');
    const done = await web('/approvals?done=approved', { cookie });
    expect(done.body).toContain('The spend was approved.');
    const odd = await web('/approvals?done=constructor', { cookie });
    expect(odd.body).not.toContain('govuk-inset-text');
  });

  it('show only their own words on the plan search, never the words searched for', async () => {
    const cookie = await signIn();
    const planted = 'Your account is suspended call 0800 000 000';
    const page = await web(`/plans?q=${encodeURIComponent(planted)}`, { cookie });
    // The words stay in the search box (a field's value), not in a sentence of the page.
    const text = page.body.replace(/<input[^>]*>/g, '');
    expect(text).not.toContain('suspended');
    expect(text).toContain('No plans found');
    // The broker's search of its clients, likewise.
    const broker = await signIn('broker', 'BRK-7');
    const clients = await web(`/clients?q=${encodeURIComponent(planted)}`, { cookie: broker });
    expect(clients.status).toBe(200);
    expect(clients.body.replace(/<input[^>]*>/g, '')).not.toContain('suspended');
  });
});

describe('a kept session', () => {
  const key = Buffer.alloc(32, 3);
  const at = (seconds: number) => new Date(seconds * 1000);
  async function opened() {
    const store = new MemorySessionStore();
    const start = 1_800_000_000;
    await store.create('s-1', start);
    const session: Session = {
      token: 't',
      csrf: 'c',
      role: 'council_officer',
      org: COUNCIL,
      sub: 'o',
      plans: [],
      expires: start + sessionHours * 3600,
      sid: 's-1',
    };
    return { store, start, sealed: seal(key, session) };
  }

  it(`ends after ${sessionIdleMinutes} minutes without a request`, async () => {
    const { store, start, sealed } = await opened();
    expect(await resumeSession(key, store, sealed, at(start + 59 * 60))).toBeDefined();
    // 59 minutes after that request it is still open; 60 minutes after it, closed.
    expect(await resumeSession(key, store, sealed, at(start + 118 * 60))).toBeDefined();
    expect(await resumeSession(key, store, sealed, at(start + 178 * 60))).toBeUndefined();
  });

  it(`ends ${sessionHours} hours after sign-in however busy it is`, async () => {
    const { store, start, sealed } = await opened();
    for (let minute = 30; minute < sessionHours * 60; minute += 30)
      expect([minute, await resumeSession(key, store, sealed, at(start + minute * 60))]).toEqual([
        minute,
        expect.objectContaining({ sid: 's-1' }),
      ]);
    expect(await resumeSession(key, store, sealed, at(start + sessionHours * 3600))).toBeUndefined();
  });

  it('opens nothing once ended, and nothing for a cookie without a kept session', async () => {
    const { store, start, sealed } = await opened();
    await store.end('s-1');
    expect(await resumeSession(key, store, sealed, at(start + 60))).toBeUndefined();
    const { sid: _sid, ...old } = {
      token: 't',
      csrf: 'c',
      role: 'family',
      org: COUNCIL,
      sub: 'f',
      plans: [],
      expires: start + 3600,
      sid: 'x',
    };
    expect(await resumeSession(key, store, seal(key, old), at(start + 60))).toBeUndefined();
  });
});
