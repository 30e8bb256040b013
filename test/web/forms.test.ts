// The web layer's own checks and words (DESIGN.md 11c): money typed forgivingly, dates that must be
// real, every error at once with its link (a date's to its day), the API's validation refusals in
// the field's words, and a statement's lines with a running balance.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { page, type WebConfig } from '../../web/context.js';
import { formErrors, hrefOf, refusalMessages } from '../../web/messages.js';
import { renderer } from '../../web/render.js';
import { potStatements, statementCsv } from '../../web/statement.js';
import { amountOf, Checks, isoDate } from '../../web/validate.js';
import { endedQuarters, financialYearStart, quarterDates, quarterName } from '../../web/words.js';

describe('the web layer checks every field first', () => {
  it('reads money as people type it, and refuses what is not money', () => {
    expect(['45', '£45', '45.5', '1,250.00', ' £ 1,250 ', '0.01'].map(amountOf)).toEqual([
      '45.00',
      '45.00',
      '45.50',
      '1250.00',
      '1250.00',
      '0.01',
    ]);
    expect(['4x', '45.555', '-5', '', '1e3', '£'].map(amountOf)).toEqual(Array(6).fill(undefined));
  });

  it('takes dates as day, month and year, only real ones', () => {
    expect(isoDate('3', '5', '2026')).toBe('2026-05-03');
    expect(isoDate('29', 'feb', '2028')).toBe('2028-02-29');
    expect(isoDate('29', '2', '2026')).toBeUndefined();
    expect(isoDate('31', '4', '2026')).toBeUndefined();
    expect(isoDate('3', '13', '2026')).toBeUndefined();
    expect(isoDate('3', '5', '26')).toBeUndefined();
  });

  it('collects every error at once, in plain words, a date linked to its day', () => {
    const c = new Checks();
    const form = new URLSearchParams({
      amount: 'ten',
      'date-day': '31',
      'date-month': '2',
      'date-year': '2026',
    });
    c.amount(form, 'amount');
    c.date(form, 'date');
    c.text(form, 'payee');
    c.choice(form, 'category', ['short_breaks']);
    expect(c.errors).toEqual([
      { field: 'amount', text: 'Enter the amount in pounds and pence, like 45.00' },
      { field: 'date', text: 'The date of the support must be a real date, like 3 5 2026' },
      { field: 'payee', text: 'Enter who you paid' },
      { field: 'category', text: 'Select what it was for' },
    ]);
    expect(c.errors.map((e) => hrefOf(e.field))).toEqual(['#amount', '#date-day', '#payee', '#category']);
    expect(hrefOf('signedOn-SC')).toBe('#signedOn-SC-day');
    expect(hrefOf('reason-01ABC')).toBe('#reason-01ABC');
  });

  it('says an API validation refusal in the field’s words, never the API’s text, once per field', () => {
    const errors = formErrors(
      {
        body: {
          code: 'VALIDATION_FAILED',
          errors: [
            { path: 'date', message: 'must be a date YYYY-MM-DD' },
            { path: 'date', message: 'out of range' },
            { path: 'reason', message: 'Invalid input: expected string, received undefined' },
          ],
        },
      },
      ['date', 'reason'],
    );
    expect(errors).toEqual([
      { field: 'date', text: 'The date of the support must be a real date, like 3 5 2026' },
      { field: 'reason', text: 'Enter the reason' },
    ]);
    for (const text of Object.values(refusalMessages)) expect(text).not.toMatch(/[A-Z]{3,}_|YYYY|undefined/);
  });

  it('says a date outside the ledger’s calendar is outside it, from the API or from the form', () => {
    const api = formErrors(
      {
        body: {
          code: 'VALIDATION_FAILED',
          errors: [{ path: 'date', message: 'must lie within 2000-01-01 to 2099-12-31' }],
        },
      },
      ['date'],
    );
    const c = new Checks();
    c.date(new URLSearchParams({ 'date-day': '1', 'date-month': '1', 'date-year': '1999' }), 'date');
    const within = 'The date of the support must be between 1 January 2000 and 31 December 2099';
    expect([api[0]?.text, c.errors[0]?.text]).toEqual([within, within]);
  });
});

describe('the statement in a parent’s words', () => {
  const entry = (date: string, kind: string, postings: Array<[string, string]>, payee?: string) => ({
    entryId: `${date}-${kind}`,
    kind,
    effectiveDate: date,
    recordedAt: `${date}T10:00:00Z`,
    postings: postings.map(([account, amount]) => ({ potId: 'SC', account, amount })),
    ...(payee ? { payee } : {}),
  });
  const entries = [
    entry('2026-04-01', 'instalment', [
      ['unreleased', '-384.62'],
      ['available', '384.62'],
    ]),
    entry('2026-04-02', 'reserve', [
      ['available', '-600.00'],
      ['committed', '600.00'],
    ]),
    entry(
      '2026-05-03',
      'direct_spend',
      [
        ['available', '-45.00'],
        ['spent', '45.00'],
      ],
      'Sunshine Play CIC',
    ),
    entry('2026-05-27', 'instalment', [
      ['unreleased', '-384.62'],
      ['available', '384.62'],
    ]),
  ];
  const pot = { potId: 'SC', stream: 'social_care', mode: 'direct_payment' };

  it('has money in, money out and a running balance; setting money aside is not a line', () => {
    const [s] = potStatements([pot], entries, { from: '2026-05-01', to: '2026-05-31' });
    expect(s).toEqual({
      potId: 'SC',
      name: 'Social care (direct payment)',
      opening: '384.62',
      moneyIn: '384.62',
      moneyOut: '45.00',
      closing: '724.24',
      lines: [
        {
          date: '2026-05-03',
          what: 'Paid to Sunshine Play CIC',
          moneyIn: '',
          moneyOut: '45.00',
          balance: '339.62',
        },
        {
          date: '2026-05-27',
          what: 'Payment from the council',
          moneyIn: '384.62',
          moneyOut: '',
          balance: '724.24',
        },
      ],
    });
    const csv = statementCsv(s ? [s] : []);
    expect(csv.split('\r\n')).toEqual([
      'Money,Date,What,Money in,Money out,Balance',
      'Social care (direct payment),,Balance brought forward,,,384.62',
      'Social care (direct payment),2026-05-03,Paid to Sunshine Play CIC,,45.00,339.62',
      'Social care (direct payment),2026-05-27,Payment from the council,384.62,,724.24',
      '',
    ]);
  });

  it('quotes a payee with quotes or commas in its CSV cell', () => {
    const [s] = potStatements(
      [pot],
      [
        entry(
          '2026-05-03',
          'direct_spend',
          [
            ['available', '-1.00'],
            ['spent', '1.00'],
          ],
          'Play, "Fun" Ltd',
        ),
      ],
      { from: '2026-04-01', to: '2026-05-31' },
    );
    expect(statementCsv(s ? [s] : [])).toContain(',"Paid to Play, ""Fun"" Ltd",,1.00,');
  });

  it('names quarters by their months and lists those ended', () => {
    expect(quarterDates('2026-Q4')).toEqual({ start: '2027-01-01', end: '2027-03-31' });
    expect(quarterName('2026-Q1')).toBe('April to June 2026');
    expect(endedQuarters({ start: '2026-04-01', end: '2027-03-31' }, '2026-12-07')).toEqual([
      '2026-Q1',
      '2026-Q2',
    ]);
  });
});

describe('the financial year', () => {
  it('starts on 1 April: March is the year before’s', () => {
    expect(['2026-12-07', '2026-04-01', '2026-03-31', '2027-01-15'].map(financialYearStart)).toEqual([
      '2026-04-01',
      '2026-04-01',
      '2025-04-01',
      '2026-04-01',
    ]);
  });
});

describe('a page’s own data and the address', () => {
  /** page() with a renderer that keeps what the template was given. */
  const rendered = (query: string, data: Record<string, unknown>, form = '') => {
    let given: Record<string, unknown> = {};
    const config = {
      renderer: {
        render: (_: string, d: Record<string, unknown>) => {
          given = d;
          return { body: '', nonce: 'n' };
        },
      },
    } as unknown as WebConfig;
    const req = {
      method: 'GET',
      path: '/x',
      query: new URLSearchParams(query),
      form: new URLSearchParams(form),
      headers: {},
      cookies: {},
    };
    page({ req, config }, 'x.njk', data);
    return given;
  };

  it('gives a view the address’s `done` and the form’s values when the handler has none of its own', () => {
    const d = rendered('done=saved', {}, 'amount=4');
    expect(d.done).toBe('saved');
    expect(d.values).toEqual({ amount: '4' });
    expect(d.query).toEqual({ done: 'saved' });
  });

  it('never overwrites a handler’s own `done`, `values` or `query` with what the address says', () => {
    const d = rendered('done=evil&quarter=1', { done: true, values: { a: '1' }, query: 'mine' }, 'amount=4');
    expect(d.done).toBe(true);
    expect(d.values).toEqual({ a: '1' });
    expect(d.query).toBe('mine');
  });
});

describe('a run’s page', () => {
  it('says who downloaded which file and when in words, not as the API’s codes and timestamps', () => {
    // The page read 'pain.001 by council officer council_officer-user at 2026-07-15T11:01:48.142Z'.
    const govuk = join(process.cwd(), 'node_modules', 'govuk-frontend', 'dist');
    const { body } = renderer(join(process.cwd(), 'web', 'views'), govuk).render('run-payments.njk', {
      run: { upTo: '2026-07-15', posted: 1, amount: '1.00' },
      files: [],
      paid: [],
      unpayable: [],
      held: [],
      offset: [],
      returned: [],
      downloads: [
        {
          format: 'pain.001',
          actor: { sub: 'officer-7', role: 'council_officer', org: 'LA-001' },
          at: '2026-07-15T11:01:48.142Z',
        },
      ],
    });
    const text = body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Bank file (pain.001) by council officer officer-7 on 15 July 2026 at 12:01pm');
    expect(text).not.toContain('2026-07-15T');
  });
});
