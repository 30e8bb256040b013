// Proves the pure rules of money out: bank details checked as a bank would, masking, the BACS
// character set, execution dates off weekends and bank holidays, payment ids, and the three files
// (pain.001 valid against its schema, exact counts and sums, CSV and card loads).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/errors.js';
import { Money } from '../../../domain/money.js';
import { bacsReference, toBacs } from '../../../domain/payments/bacs.js';
import { checkBankAccount, maskAccountNumber } from '../../../domain/payments/bank-details.js';
import type { DebtorAccount, PayablePayment } from '../../../domain/payments/batch.js';
import { writeCardLoads, writePain001, writePaymentsCsv } from '../../../domain/payments/files.js';
import { paymentIdOf, runOfPayment } from '../../../domain/payments/payment-id.js';
import { executionDate, isWorkingDay, nextWorkingDay } from '../../../domain/payments/working-days.js';

const schema = join(import.meta.dirname, 'pain.001.001.03.xsd');

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('bank details', () => {
  it('accepts a pair that passes the Vocalink modulus check and normalises it', () => {
    expect(checkBankAccount({ name: 'Jo Smith', sortCode: '08-99-99', accountNumber: '66374958' })).toEqual({
      name: 'JO SMITH',
      sortCode: '089999',
      accountNumber: '66374958',
    });
  });

  it.each([
    ['sortCode', { sortCode: '089999' }],
    ['sortCode', { sortCode: '08-99-9' }],
    ['sortCode', { sortCode: '08 99 99' }],
    ['sortCode', { sortCode: 'ab-cd-ef' }],
    ['accountNumber', { accountNumber: '6637495' }],
    ['accountNumber', { accountNumber: '663749580' }],
    ['accountNumber', { accountNumber: '6637495x' }],
    ['accountNumber', { accountNumber: '66374959' }],
    ['name', { name: '' }],
    ['name', { name: '   ' }],
    ['name', { name: '中文' }],
  ])('refuses a bad %s (%o) as BANK_DETAILS_INVALID naming the field', (field, change) => {
    const input = { name: 'Jo Smith', sortCode: '08-99-99', accountNumber: '66374958', ...change };
    const error = refusal(() => checkBankAccount(input, 'bankAccount'));
    expect(error.code).toBe('BANK_DETAILS_INVALID');
    expect(error.fields[0]?.path).toBe(`bankAccount.${field}`);
  });

  it('refuses a modulus failure that is well formed', () => {
    const error = refusal(() =>
      checkBankAccount({ name: 'X', sortCode: '93-80-63', accountNumber: '15763217' }),
    );
    expect(error.fields[0]?.path).toBe('accountNumber');
  });

  it('masks an account number to its last four digits', () => {
    expect(maskAccountNumber('66374958')).toBe('****4958');
  });
});

describe('the BACS character set', () => {
  it('upper-cases and transliterates accents instead of dropping them', () => {
    expect(toBacs('Zoë Brontë-Ångström')).toBe('ZOE BRONTE-ANGSTROM');
    expect(toBacs('Straße Œuvre Æsir Øre')).toBe('STRASSE OEUVRE AESIR ORE');
  });

  it('turns characters outside the set into spaces or words of the set, never nothing', () => {
    expect(toBacs("O'Brien")).toBe('O BRIEN');
    expect(toBacs('£50 + tea @ café')).toBe('GBP50 & TEA AT CAFE');
    expect(toBacs('a_b\\c')).toBe('A-B/C');
  });

  it('keeps every character of the set as it is', () => {
    expect(toBacs('AZ09.&/- X')).toBe('AZ09.&/- X');
  });

  it('cuts a reference to 18 characters of the set', () => {
    const ref = bacsReference('direct payment for plan Ünïcode 12345');
    expect(ref.length).toBeLessThanOrEqual(18);
    expect(ref).toMatch(/^[A-Z0-9.&/\- ]+$/);
    expect(ref).toBe('DIRECT PAYMENT FOR');
  });
});

describe('execution dates', () => {
  it('knows weekends and England-and-Wales bank holidays, substitute days included', () => {
    expect(isWorkingDay('2026-12-24')).toBe(true);
    expect(isWorkingDay('2026-12-25')).toBe(false);
    expect(isWorkingDay('2026-12-26')).toBe(false);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-05-25')).toBe(false);
    expect(isWorkingDay('2026-05-23')).toBe(false);
  });

  it('moves to the next working day after today when the instalment is earlier', () => {
    expect(nextWorkingDay('2026-12-24')).toBe('2026-12-29');
    expect(executionDate('2026-12-01', '2026-12-24')).toBe('2026-12-29');
  });

  it('keeps a later instalment date, moved off a weekend or bank holiday', () => {
    expect(executionDate('2026-06-10', '2026-06-01')).toBe('2026-06-10');
    expect(executionDate('2026-05-23', '2026-05-01')).toBe('2026-05-26');
  });

  it('is never today, even when today is a working day', () => {
    expect(executionDate('2026-06-10', '2026-06-10')).toBe('2026-06-11');
  });
});

describe('payment ids', () => {
  it('are at most 35 characters, deterministic, and name their run', () => {
    const id = paymentIdOf('01JABCDEFGHJKMNPQRSTVWXYZ0', 'plan-1', 'pot-1', '2026-05-01');
    expect(id.length).toBeLessThanOrEqual(35);
    expect(paymentIdOf('01JABCDEFGHJKMNPQRSTVWXYZ0', 'plan-1', 'pot-1', '2026-05-01')).toBe(id);
    expect(paymentIdOf('01JABCDEFGHJKMNPQRSTVWXYZ0', 'plan-1', 'pot-1', '2026-06-01')).not.toBe(id);
    expect(paymentIdOf('01JABCDEFGHJKMNPQRSTVWXYZ0', 'plan-1', 'pot-2', '2026-05-01')).not.toBe(id);
    // Every plan has a pot SC paid on the same dates: the plan is part of the id.
    expect(paymentIdOf('01JABCDEFGHJKMNPQRSTVWXYZ0', 'plan-2', 'pot-1', '2026-05-01')).not.toBe(id);
    expect(runOfPayment(id)).toBe('01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(runOfPayment('not a payment')).toBeUndefined();
  });
});

const debtors = new Map<string, DebtorAccount>([
  ['council-a', { funderId: 'council-a', name: 'COUNCIL A', sortCode: '200000', accountNumber: '55779911' }],
  ['icb-a', { funderId: 'icb-a', name: 'ICB A', sortCode: '107999', accountNumber: '88837491' }],
]);

function sample(n: number): PayablePayment[] {
  return Array.from({ length: n }, (_, i) => ({
    paymentId: paymentIdOf('01JRUN', 'plan-1', `pot-${i}`, '2026-05-01'),
    funderId: i % 3 === 0 ? 'icb-a' : 'council-a',
    amount: Money.fromPence(BigInt(1 + ((i * 7919) % 100000))).toString(),
    executionDate: i % 2 === 0 ? '2026-05-05' : '2026-05-06',
    reference: bacsReference(`EHCP ${i} Zoë`),
    route:
      i % 5 === 4
        ? { kind: 'card', programme: 'allpay', cardAccountId: `CARD${i}` }
        : { kind: 'bank', name: toBacs(`Payee ${i}`, 18), sortCode: '089999', accountNumber: '66374958' },
  }));
}

const collect = (write: (sink: (c: string) => void) => unknown): string => {
  const chunks: string[] = [];
  write((c) => chunks.push(c));
  return chunks.join('');
};

describe('pain.001.001.03', () => {
  it('is valid against the schema (xmllint), with one PmtInf per funder and execution date', () => {
    const payments = sample(40);
    const xml = collect((sink) =>
      writePain001(
        { messageId: '01JRUN', createdAt: new Date(), initiatingParty: 'COUNCIL A' },
        payments,
        debtors,
        sink,
      ),
    );
    const dir = mkdtempSync(join(tmpdir(), 'pain-'));
    writeFileSync(join(dir, 'file.xml'), xml);
    let out: string;
    try {
      out = execFileSync('xmllint', ['--noout', '--schema', schema, join(dir, 'file.xml')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error('xmllint is missing: install it with `apt-get install libxml2-utils` (.ci/run does)');
      throw error;
    }
    expect(out).toBe('');
    expect(xml.match(/<PmtInf>/g)).toHaveLength(4);
    expect(xml).toContain('<ClrSysId><Cd>GBDSC</Cd></ClrSysId><MmbId>089999</MmbId>');
    expect(xml).toContain('<InstdAmt Ccy="GBP">');
  });

  it('counts and sums exactly what it carries: bank payments only', () => {
    const payments = sample(101);
    const xml = collect((sink) =>
      writePain001({ messageId: 'M', createdAt: new Date(), initiatingParty: 'C' }, payments, debtors, sink),
    );
    const amounts = [...xml.matchAll(/<InstdAmt Ccy="GBP">([0-9.]+)<\/InstdAmt>/g)].map((m) => m[1] ?? '');
    const banked = payments.filter((p) => p.route.kind === 'bank');
    expect(amounts).toHaveLength(banked.length);
    const sum = amounts.reduce((a, b) => a.plus(Money.of(b)), Money.zero).toString();
    expect(sum).toBe(banked.reduce((a, p) => a.plus(Money.of(p.amount)), Money.zero).toString());
    expect(xml).toContain(`<GrpHdr><MsgId>M</MsgId>`);
    expect(xml).toMatch(new RegExp(`<NbOfTxs>${banked.length}</NbOfTxs><CtrlSum>${sum}</CtrlSum><InitgPty>`));
    // Each block's own count and sum agree with its transactions.
    for (const block of xml.split('<PmtInf>').slice(1)) {
      const n = (block.match(/<CdtTrfTxInf>/g) ?? []).length;
      const s = [...block.matchAll(/<InstdAmt Ccy="GBP">([0-9.]+)</g)].reduce(
        (a, m) => a.plus(Money.of(m[1] ?? '0')),
        Money.zero,
      );
      expect(block).toContain(`<NbOfTxs>${n}</NbOfTxs><CtrlSum>${s.toString()}</CtrlSum>`);
    }
  });

  it('escapes every value it writes', () => {
    const one = sample(1)[0] as PayablePayment;
    const route = one.route;
    if (route.kind !== 'bank') throw new Error('sample');
    const xml = collect((sink) =>
      writePain001(
        { messageId: 'M', createdAt: new Date(), initiatingParty: 'A & B <C>' },
        [{ ...one, route: { ...route, name: 'O\'NEIL & "SONS"' } }],
        debtors,
        sink,
      ),
    );
    expect(xml).toContain('<InitgPty><Nm>A &amp; B &lt;C&gt;</Nm></InitgPty>');
    expect(xml).toContain('<Cdtr><Nm>O&apos;NEIL &amp; &quot;SONS&quot;</Nm></Cdtr>');
  });

  it('refuses to write a block for a funder without a paying account', () => {
    expect(() =>
      collect((sink) =>
        writePain001(
          { messageId: 'M', createdAt: new Date(), initiatingParty: 'C' },
          sample(3),
          new Map(),
          sink,
        ),
      ),
    ).toThrow(/no paying account/);
  });
});

describe('CSV and card loads', () => {
  it('write bank payments to the CSV and card payments to the card loads, each once', () => {
    const payments = sample(10);
    const csv = collect((sink) => writePaymentsCsv(payments, sink))
      .trim()
      .split('\r\n');
    const cards = collect((sink) => writeCardLoads(payments, sink))
      .trim()
      .split('\r\n');
    expect(csv[0]).toBe('paymentId,executionDate,amount,payee,sortCode,accountNumber,reference,funderId');
    expect(csv).toHaveLength(1 + 8);
    expect(csv[1]).toContain(',08-99-99,66374958,');
    expect(cards[0]).toBe('programme,cardAccountId,amount,reference,loadDate,paymentId');
    expect(cards).toHaveLength(1 + 2);
    expect(cards[1]?.startsWith('allpay,CARD4,')).toBe(true);
  });

  it('defuse a cell a spreadsheet would run, also when it starts like a negative number', () => {
    // A card programme is free text an officer types: '-1+HYPERLINK(…)' began with '-1' and was
    // written as it was, which Excel runs as a formula when finance opens the card loads.
    const [card] = sample(10).filter((p) => p.route.kind === 'card');
    if (card?.route.kind !== 'card') throw new Error('the sample has a card payment');
    const planted = { ...card, route: { ...card.route, programme: '-1+HYPERLINK("http://e","x")' } };
    const line = collect((sink) => writeCardLoads([planted], sink)).split('\r\n')[1] ?? '';
    expect(line.startsWith(`"'-1+HYPERLINK(`)).toBe(true);
    // Plain amounts stay numbers.
    expect(line).toContain(`,${card.amount},`);
  });
});
