// Proves the web's quarterly return takes its bank balance from an uploaded statement, as the API
// does (DESIGN.md 11b: `bankBalance` is optional; without it the balance of the last statement line
// on or before the quarter's end is used). The form asked for the balance whatever was uploaded,
// so a family who had sent its statement had to copy the figure out of it again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL } from '../support/section8.js';
import { csrfIn, webRequest } from '../support/web-forms.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({}, { web: true });
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const keyIn = (html: string) => /name="idempotencyKey" value="([^"]+)"/.exec(html)?.[1] ?? '';

const web = (path: string, options: { cookie?: string; form?: Record<string, string> } = {}) =>
  webRequest(api.base, path, options);

async function familyCookie(planId: string): Promise<string> {
  const form = await web('/sign-in');
  const signedIn = await web('/sign-in', {
    cookie: form.cookies.join('; '),
    form: { _csrf: csrfIn(form.body), role: 'family', org: COUNCIL, plans: planId, sub: 'parent-r' },
  });
  expect(signedIn.status).toBe(303);
  return signedIn.cookies.join('; ');
}

async function sendReturn(planId: string, cookie: string) {
  const form = await web(`/plans/${planId}/pots/SC/returns/new?quarter=2026-Q1`, { cookie });
  expect(form.status).toBe(200);
  return web(`/plans/${planId}/pots/SC/returns`, {
    cookie,
    form: {
      _csrf: csrfIn(form.body),
      idempotencyKey: keyIn(form.body),
      quarter: '2026-Q1',
      bankBalance: '',
      declaration: 'yes',
    },
  });
}

describe('the quarterly return in the web app', () => {
  it('uses the uploaded statement when the balance is left empty', async () => {
    // Prepare
    const { planId, family } = await api.section8Plan('2026-06-30');
    const uploaded = await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, {
      raw: 'date,description,amount,balance\n2026-06-24,COUNCIL DP,384.61,1538.48\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(uploaded.status).toBe(201);
    const cookie = await familyCookie(planId);
    // Act
    const sent = await sendReturn(planId, cookie);
    // Assess
    expect(sent.status).toBe(200);
    expect(sent.body).toContain('£1,538.48');
    const events = await family('GET', `/v1/plans/${planId}/events?limit=100`);
    expect(JSON.stringify(events.json)).toContain('return_submitted');
  });

  it('asks for the balance when no statement gives it', async () => {
    const { planId } = await api.section8Plan('2026-06-30');
    const cookie = await familyCookie(planId);
    const sent = await sendReturn(planId, cookie);
    expect(sent.status).toBe(422);
    expect(sent.body).toContain('href="#bankBalance"');
  });
});
