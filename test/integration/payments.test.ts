// Proves the money-out routes over HTTP on DynamoDB Local (DESIGN.md 11b): bank details refused
// naming the field, every run answering its runId, the payment batch paged with accounts masked,
// the three files with their content types (the pain.001 valid against its schema), downloads
// listed on the run, the 403/404/409 refusals writing nothing, and a returned payment.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { agreementInput, BROKER, COUNCIL, ICB } from '../support/section8.js';

const schema = join(import.meta.dirname, '..', 'domain', 'payments', 'pain.001.001.03.xsd');
const payee = { name: 'Zoë Parent', sortCode: '08-99-99', accountNumber: '66374958' };
const account = { name: 'Council A', sortCode: '10-79-99', accountNumber: '88837491' };

let api: Api;
let officer: Awaited<ReturnType<Api['as']>>;
let planId: string;
let runId: string;

beforeAll(async () => {
  api = await startApi();
  const made = await api.section8Plan();
  officer = made.officer;
  planId = made.planId;
  await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, { ...agreementInput(), bankAccount: payee });
  await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, account);
  await (await api.as('health_officer', ICB))('PUT', `/v1/funders/${ICB}/payment-account`, account);
  await (await api.as('broker', BROKER))('PUT', `/v1/brokers/${BROKER}/account`, account);
  const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
  runId = String(run.json.runId);
});
afterAll(async () => {
  await api?.stop();
});

describe('money out over HTTP', () => {
  it('refuses bad bank details with 422 BANK_DETAILS_INVALID naming the field, writing nothing', async () => {
    const before = await api.itemCount();
    const bad = await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, {
      ...agreementInput(),
      bankAccount: { ...payee, sortCode: '089999' },
    });
    expect([bad.status, bad.json.code]).toEqual([422, 'BANK_DETAILS_INVALID']);
    expect((bad.json.errors as Array<{ path: string }>)[0]?.path).toBe('bankAccount.sortCode');
    const modulus = await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, {
      ...account,
      accountNumber: '88837492',
    });
    expect([modulus.status, (modulus.json.errors as Array<{ path: string }>)[0]?.path]).toEqual([
      422,
      'accountNumber',
    ]);
    const other = await (await api.as('broker', 'BRK-9'))('PUT', `/v1/brokers/${BROKER}/account`, account);
    expect(other.status).toBe(403);
    expect(await api.itemCount()).toBe(before);
  });

  it('answers accounts masked and the run its id', async () => {
    const set = await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, account);
    expect([set.status, set.json.accountNumber, set.json.sortCode]).toEqual([200, '****7491', '10-79-99']);
    expect(set.text).not.toContain('88837491');
    expect(runId).toMatch(/^[0-9A-Z]{26}$/);
  });

  it('lists the batch paged, and gives pain.001, CSV and card loads with the right types', async () => {
    const first = await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=2`);
    expect(first.status).toBe(200);
    const items = first.json.items as Array<{ account: string | null; paymentId: string }>;
    expect(items).toHaveLength(2);
    expect(first.text).not.toContain('66374958');
    expect(typeof first.json.next).toBe('string');
    const pain = await officer('GET', `/v1/instalment-runs/${runId}/payments?format=pain.001`);
    expect(pain.status).toBe(200);
    expect(pain.headers.get('content-type')).toContain('application/xml');
    const dir = mkdtempSync(join(tmpdir(), 'pain-http-'));
    writeFileSync(join(dir, 'f.xml'), pain.text);
    expect(
      execFileSync('xmllint', ['--noout', '--schema', schema, join(dir, 'f.xml')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ).toBe('');
    const csv = await officer('GET', `/v1/instalment-runs/${runId}/payments?format=csv`);
    expect([csv.status, csv.headers.get('content-type')?.startsWith('text/csv')]).toEqual([200, true]);
    const cards = await officer('GET', `/v1/instalment-runs/${runId}/payments?format=card-loads`);
    expect([cards.status, cards.json.code]).toEqual([409, 'NOTHING_TO_PAY']);
    const view = await (await api.as('auditor', COUNCIL))('GET', `/v1/instalment-runs/${runId}`);
    expect((view.json.downloads as Array<{ format: string }>).map((d) => d.format)).toEqual([
      'pain.001',
      'csv',
    ]);
  });

  it("answers 404 to another council's officer, and records no download", async () => {
    const other = await api.as('council_officer', 'LA-002');
    const before = await api.itemCount();
    expect((await other('GET', `/v1/instalment-runs/${runId}/payments?format=pain.001`)).status).toBe(404);
    expect(await api.itemCount()).toBe(before);
  });

  it("lists the council's runs newest first, paged, to its officers and auditors only", async () => {
    const later = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-07-31' });
    const path = `/v1/councils/${COUNCIL}/instalment-runs`;
    const first = await officer('GET', `${path}?limit=1`);
    expect(first.status).toBe(200);
    const newest = first.json.items as Array<{
      runId: string;
      upTo: string;
      state: string;
      payments: number;
    }>;
    expect(newest.map((r) => [r.runId, r.upTo, r.state])).toEqual([
      [later.json.runId, '2026-07-31', 'completed'],
    ]);
    const rest = await (await api.as('auditor', COUNCIL))(
      'GET',
      `${path}?limit=1&cursor=${encodeURIComponent(String(first.json.next))}`,
    );
    const older = rest.json.items as Array<{ runId: string; payments: number }>;
    expect([rest.status, older.map((r) => r.runId)]).toEqual([200, [runId]]);
    expect(older[0]?.payments).toBeGreaterThan(0);
    expect(rest.json.next).toBeNull();
    const other = await (await api.as('council_officer', 'LA-002'))('GET', path);
    expect([other.status, other.json.code]).toEqual([403, 'FORBIDDEN']);
    const family = await (await api.as('family', COUNCIL, [planId]))('GET', path);
    expect(family.status).toBe(403);
  });

  it('takes a returned payment: 200, reversed, and a second time 409', async () => {
    const page = await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=100`);
    const sc = (page.json.items as Array<{ paymentId: string; potId: string }>).find((i) => i.potId === 'SC');
    const path = `/v1/payments/${sc?.paymentId}/returned`;
    const returned = await officer('POST', path, { reason: 'account closed', code: 'AC04' });
    expect([returned.status, (returned.json.returned as { code: string }).code]).toEqual([200, 'AC04']);
    const again = await officer('POST', path, { reason: 'again' });
    expect([again.status, again.json.code]).toEqual([409, 'PAYMENT_ALREADY_RETURNED']);
    const work = await officer('GET', `/v1/councils/${COUNCIL}/worklist`);
    expect(work.text).toContain('payment_returned');
  });
});
