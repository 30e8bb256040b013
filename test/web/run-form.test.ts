// Proves the "Pay instalments" form is the council officer's alone, POST as well as GET (an auditor
// posting it got the form back with the API's refusal and the council's past runs), and that a
// blank date is asked for before the API is called, in the field's words; a date more than a month
// ahead (a mistyped year would post a year of instalments at once) is confirmed first.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleWeb } from '../../web/app.js';
import { configAt, request } from './handler-harness.js';

let api: Server;
let apiBase = '';
const calls: string[] = [];

beforeAll(async () => {
  // An API that lists no runs and records every call made to it.
  api = createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const started = req.method === 'POST';
    res.writeHead(started ? 202 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(started ? { runId: 'R1', state: 'running' } : { items: [], next: null }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const address = api.address();
  apiBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(async () => {
  api.closeAllConnections();
  await new Promise((resolve) => api.close(resolve));
});

const payForm = (date: { day: string; month: string; year: string }) => ({
  idempotencyKey: '6f1c9a1e-0000-4000-8000-000000000002',
  'upTo-day': date.day,
  'upTo-month': date.month,
  'upTo-year': date.year,
});

describe('the form that pays instalments', () => {
  it.each(['auditor', 'family', 'broker', 'health_officer'] as const)(
    'is refused to the %s, shown or sent, without calling the API',
    async (role) => {
      calls.length = 0;
      const { config, session } = await configAt(apiBase, { role, org: 'LA-001' });
      const shown = await handleWeb(request(session, 'GET', '/runs/new'), config);
      const sent = await handleWeb(
        request(session, 'POST', '/runs', payForm({ day: '30', month: '6', year: '2026' })),
        config,
      );
      for (const out of [shown, sent]) {
        expect(out.status).toBe(403);
        expect(String(out.body)).toContain('You cannot do that with your role');
        expect(String(out.body)).not.toContain('Pay instalments due up to');
      }
      expect(calls).toEqual([]);
    },
  );

  it.each([
    { typed: { day: '', month: '', year: '' }, says: 'Enter the date to pay instalments up to' },
    {
      typed: { day: '31', month: '2', year: '2026' },
      says: 'The date to pay instalments up to must be a real date',
    },
  ])(
    'asks a council officer again for "$typed.day/$typed.month/$typed.year", showing what was typed, and posts nothing',
    async ({ typed, says }) => {
      calls.length = 0;
      const { config, session } = await configAt(apiBase);
      const out = await handleWeb(request(session, 'POST', '/runs', payForm(typed)), config);
      expect(out.status).toBe(422);
      expect(String(out.body)).toContain(says);
      // What was typed comes back, blanks included, not today's date.
      expect(String(out.body)).toMatch(new RegExp(`name="upTo-day"[^>]*value="${typed.day}"`));
      expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
    },
  );

  it('asks a council officer to confirm a date more than a month ahead before paying', async () => {
    calls.length = 0;
    const { config, session } = await configAt(apiBase);
    config.today = '2026-12-07';
    const posts = () => calls.filter((c) => c.startsWith('POST'));
    const typo = payForm({ day: '31', month: '12', year: '2099' });
    const asked = await handleWeb(request(session, 'POST', '/runs', typo), config);
    expect(asked.status).toBe(422);
    expect(String(asked.body)).toContain(
      'Confirm you mean to pay every instalment due up to 31 December 2099, more than a month from today',
    );
    expect(String(asked.body)).toMatch(/name="upTo-year"[^>]*value="2099"/);
    expect(posts()).toEqual([]);
    const confirmed = await handleWeb(
      request(session, 'POST', '/runs', { ...typo, payAhead: 'yes', payAheadFor: '2099-12-31' }),
      config,
    );
    expect([confirmed.status, confirmed.headers.location]).toEqual([303, '/runs/R1']);
    expect(posts()).toHaveLength(1);
    // A month ahead is paid as asked, the bank's lead time being days.
    const soon = await handleWeb(
      request(session, 'POST', '/runs', payForm({ day: '7', month: '1', year: '2027' })),
      config,
    );
    expect(soon.status).toBe(303);
    expect(posts()).toHaveLength(2);
  });

  it('asks again when the date is changed on the page that confirmed another', async () => {
    calls.length = 0;
    const { config, session } = await configAt(apiBase);
    config.today = '2026-12-07';
    // Confirmed for 8 January 2027, then the year typed over before sending.
    const changed = payForm({ day: '31', month: '12', year: '2098' });
    const out = await handleWeb(
      request(session, 'POST', '/runs', { ...changed, payAhead: 'yes', payAheadFor: '2027-01-08' }),
      config,
    );
    expect(out.status).toBe(422);
    expect(String(out.body)).toContain('Confirm you mean to pay every instalment due up to 31 December 2098');
    expect(String(out.body)).toMatch(/name="payAheadFor" value="2098-12-31"/);
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
  });

  it('says a real date outside the ledger’s calendar is outside it, before asking to confirm', async () => {
    calls.length = 0;
    const { config, session } = await configAt(apiBase);
    const out = await handleWeb(
      request(session, 'POST', '/runs', payForm({ day: '31', month: '12', year: '2200' })),
      config,
    );
    expect(out.status).toBe(422);
    expect(String(out.body)).toContain(
      'The date to pay instalments up to must be between 1 January 2000 and 31 December 2099',
    );
    expect(String(out.body)).not.toContain('Confirm you mean to pay');
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]);
  });
});
