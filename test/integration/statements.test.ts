// Proves statements in over HTTP on DynamoDB Local (DESIGN.md section 11b): every bad input of the
// issue is a named 4xx that keeps nothing, the route's own 2 MB limit beside everyone else's 64 KB,
// and a fuzz over mutated CSV and OFX files: never a 5xx, never a half-imported file.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { BROKER, COUNCIL, spendInput } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

const csv = { 'content-type': 'text/csv' };
const ofx = { 'content-type': 'application/x-ofx' };
const upload = (text: string, headers: Record<string, string> = csv) => ({ raw: text, headers });

const plain = [
  'date,description,amount,balance',
  '03/05/2026,SUNSHINE PLAY CIC,-45.00,"1,493.48"',
  '06/05/2026,CORNER SHOP,(12.00),"1,481.48"',
  '2026-05-07,REFUND,"1,000.00","2,481.48"',
].join('\n');

/** Every statement of the pot read back: each one whole (its lines all there) or absent. */
async function wholeStatements(planId: string) {
  const data = await appDeps().store.getPotStatements(planId, 'SC');
  const lines = data.lines.reduce((n, c) => n + c.lines.length, 0);
  const texts = data.texts.reduce((n, c) => n + c.descriptions.length, 0);
  const declared = data.statements.reduce((n, s) => n + s.imported, 0);
  const chunks = data.statements.reduce((n, s) => n + s.chunks, 0);
  return { statements: data.statements.length, lines, texts, declared, chunks, stored: data.lines.length };
}

describe('statement import over HTTP', () => {
  it('imports UK dates, thousands separators and brackets, and answers the counts', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    await family('POST', `/v1/plans/${planId}/spends`, spendInput());
    const r = await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, upload(plain));
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ imported: 3, duplicates: 0, matched: 1, unexplained: 2, refused: 0 });
    const lines = await family('GET', `/v1/plans/${planId}/pots/SC/statements/lines?status=unexplained`);
    expect(lines.status).toBe(200);
    expect(
      (lines.json.items as Array<{ amount: string; date: string }>).map((l) => [l.date, l.amount]),
    ).toEqual([
      ['2026-05-07', '1000.00'],
      ['2026-05-06', '-12.00'],
    ]);
    const again = await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, upload(plain));
    expect(again.json).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it('takes OFX as application/x-ofx', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const body = `OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260510<TRNAMT>-7.25<FITID>A1<NAME>BUS</STMTTRN></BANKTRANLIST><LEDGERBAL><BALAMT>92.75<DTASOF>20260511</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
    const r = await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, upload(body, ofx));
    expect([r.status, r.json.imported]).toEqual([201, 1]);
  });

  it('refuses every bad input of the issue with its code, keeping nothing', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const path = `/v1/plans/${planId}/pots/SC/statements`;
    const before = await api.itemCount();
    const big = `date,description,amount\n${'2026-05-01,x,-1.00\n'.repeat(5_001)}`;
    const huge = `date,description,amount\n2026-05-01,${'x'.repeat(2 * 1024 * 1024)},-1.00\n`;
    const cases: Array<[string, Awaited<ReturnType<typeof family>>, number, string]> = [
      ['over 5,000 lines', await family('POST', path, undefined, upload(big)), 413, 'STATEMENT_TOO_LARGE'],
      ['over 2 MB', await family('POST', path, undefined, upload(huge)), 413, 'PAYLOAD_TOO_LARGE'],
      [
        'a PDF',
        await family('POST', path, undefined, upload('%PDF-1.4', { 'content-type': 'application/pdf' })),
        415,
        'UNSUPPORTED_MEDIA_TYPE',
      ],
      ['JSON', await family('POST', path, { date: '2026-05-01' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [
        'an unknown header',
        await family('POST', path, undefined, upload('when,what,how much\n2026-05-01,x,1.00')),
        422,
        'STATEMENT_FORMAT_UNKNOWN',
      ],
      [
        'US dates',
        await family('POST', path, undefined, upload('date,description,amount\n12/31/2026,x,1.00')),
        422,
        'STATEMENT_INVALID',
      ],
      [
        'three decimals',
        await family('POST', path, undefined, upload('date,description,amount\n2026-05-01,x,1.001')),
        422,
        'STATEMENT_INVALID',
      ],
      [
        'broken OFX',
        await family('POST', path, undefined, upload('<OFX><STMTRS>', ofx)),
        422,
        'STATEMENT_INVALID',
      ],
    ];
    for (const [what, r, status, code] of cases)
      expect([what, r.status, r.json.code]).toEqual([what, status, code]);
    const unknown = cases[4]?.[1];
    expect(unknown?.json.detail).toContain('Transaction Date,Transaction Type,Sort Code');
    expect(unknown?.json.detail).toContain('date,description,amount[,balance][,mcc]');
    expect(await api.itemCount()).toBe(before);
  });

  it("keeps everyone else's pot from the caller: 404 for a plan not covered, 403 for one covered without the right", async () => {
    const { planId } = await api.section8Plan('2026-06-30');
    const path = `/v1/plans/${planId}/pots/SC/statements`;
    const stranger = await api.as('family', COUNCIL, ['another-plan']);
    const broker = await api.as('broker', BROKER);
    const auditor = await api.as('auditor', COUNCIL);
    expect((await stranger('POST', path, undefined, upload(plain))).status).toBe(404);
    expect((await broker('POST', path, undefined, upload(plain))).status).toBe(404);
    expect((await auditor('POST', path, undefined, upload(plain))).status).toBe(403);
    expect((await stranger('GET', `${path}/lines`)).status).toBe(404);
  });

  it('keeps the 64 KB limit on every other route', async () => {
    const { planId, family } = await api.section8Plan();
    const r = await family('POST', `/v1/plans/${planId}/spends`, {
      ...spendInput(),
      payee: 'x'.repeat(70 * 1024),
    });
    expect([r.status, r.json.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
  });

  it('explains a line into a spend over HTTP, and refuses a second explanation', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    await family('POST', `/v1/plans/${planId}/pots/SC/statements`, undefined, upload(plain));
    const lines = await family('GET', `/v1/plans/${planId}/pots/SC/statements/lines?status=unexplained`);
    const shop = (lines.json.items as Array<{ lineId: string; amount: string }>).find(
      (l) => l.amount === '-12.00',
    );
    const body = { category: 'short_breaks', outcomeId: 'O2', provisionId: 'H1' };
    const path = `/v1/plans/${planId}/pots/SC/statements/lines/${shop?.lineId}/classify`;
    const first = await family('POST', path, body);
    expect([first.status, first.json.amount, first.json.status]).toEqual([201, '12.00', 'paid']);
    const second = await family('POST', path, body);
    expect([second.status, second.json.code]).toEqual([409, 'LINE_STATE_CONFLICT']);
  });
});

describe('statement files fuzzed', () => {
  const baseOfx = `OFXHEADER:100\nDATA:OFXSGML\n\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260510<TRNAMT>-7.25<FITID>A1<NAME>BUS</STMTTRN><STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260511<TRNAMT>10.00<FITID>A2<NAME>REFUND</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;
  const noise = fc.constantFrom(
    '"',
    ',',
    '\n',
    '\r',
    '<',
    '>',
    '/',
    '-',
    '(',
    ')',
    '£',
    '\u0000',
    '\u202e',
    'é',
    '9',
    '.',
    ' ',
    '<OFX>',
    '</STMTTRN>',
    'mcc',
    '7995',
  );
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.oneof(noise, fc.string({ maxLength: 6 })),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 40 }),
    }),
  );
  type Mutation = { kind: 'insert' | 'delete' | 'repeat'; at: number; text?: string; length?: number };
  const mutate = (text: string, ms: readonly Mutation[]) =>
    ms.reduce((t, m) => {
      const at = t.length === 0 ? 0 : m.at % t.length;
      if (m.kind === 'insert') return t.slice(0, at) + (m.text ?? '') + t.slice(at);
      if (m.kind === 'delete') return t.slice(0, at) + t.slice(at + (m.length ?? 1));
      return t.slice(0, at) + t.slice(at, at + (m.length ?? 1)).repeat(2) + t.slice(at);
    }, text);

  it('answers every mutated CSV or OFX file with a 201 or a 4xx, and keeps each file whole or not at all', async () => {
    const { planId, family } = await api.section8Plan('2026-06-30');
    const path = `/v1/plans/${planId}/pots/SC/statements`;
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        async (isOfx, ms) => {
          const body = mutate(isOfx ? baseOfx : plain, ms);
          const before = await wholeStatements(planId);
          const r = await family('POST', path, undefined, upload(body, isOfx ? ofx : csv));
          const after = await wholeStatements(planId);
          expect(r.status).toBeLessThan(500);
          if (r.status === 201) {
            accepted++;
            expect(after.statements).toBe(before.statements + 1);
            expect(after.lines - before.lines).toBe(r.json.imported);
          } else {
            refused++;
            expect(after).toEqual(before);
          }
          // Whole files only: every statement's lines and descriptions are all there.
          expect(after.lines).toBe(after.declared);
          expect(after.texts).toBe(after.lines);
          expect(after.stored).toBe(after.chunks);
        },
      ),
      { numRuns: 60, seed: 26 },
    );
    expect(accepted + refused).toBe(60);
    expect(refused).toBeGreaterThan(0);
  });
});
