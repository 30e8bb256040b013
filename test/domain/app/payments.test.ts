// Proves money out end to end in memory (DESIGN.md 11b): bank details checked and sealed, every run
// keeping a payment batch whose files equal the journal to the penny (summed independently), the
// refusals of issue 25 each writing nothing, downloads recorded, and a returned payment reversed,
// put on the worklist and held from later runs until the agreement's account changes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { legacyLocalAccountSealer, localAccountSealer } from '../../../adapters/crypto/account-sealer.js';
import type { MemoryTable } from '../../../adapters/memory/memory-table.js';
import { recordAgreement } from '../../../domain/app/agreements.js';
import { createPlan, setUpBudget } from '../../../domain/app/commands.js';
import { getInstalmentRun, instalmentClaim, runInstalments } from '../../../domain/app/instalments.js';
import {
  type PayeeAccount,
  payeeName,
  setClientAccount,
  setPayingAccount,
} from '../../../domain/app/payment-accounts.js';
import { listRunPayments } from '../../../domain/app/payment-batch.js';
import { paymentFile } from '../../../domain/app/payment-files.js';
import { returnPayment } from '../../../domain/app/returned-payments.js';
import { put } from '../../../domain/app/unit.js';
import { DomainError } from '../../../domain/errors.js';
import type { JournalEntry } from '../../../domain/model.js';
import { Money } from '../../../domain/money.js';
import { memoryWorld } from '../../support/harness.js';
import {
  actors,
  agreementInput,
  BROKER,
  budgetInput,
  COUNCIL,
  ICB,
  planInput,
} from '../../support/section8.js';

const schema = join(import.meta.dirname, '..', 'payments', 'pain.001.001.03.xsd');
const payee = { name: "Zoë O'Brien", sortCode: '08-99-99', accountNumber: '66374958' };
const councilAccount = { name: 'Council A', sortCode: '10-79-99', accountNumber: '88837491' };
const icbAccount = { name: 'ICB A', sortCode: '08-99-99', accountNumber: '66374958' };
const brokerAccount = { name: 'Broker client a/c', sortCode: '10-79-99', accountNumber: '88837491' };

async function refusal(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

async function world(options: { accounts?: boolean } = {}) {
  const w = memoryWorld('2026-06-25T09:00:00.000Z');
  const keyFile = join(mkdtempSync(join(tmpdir(), 'sealer-')), 'data', 'account-key');
  w.deps.sealer = localAccountSealer(keyFile, w.deps.store);
  const { result: plan } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
  await setUpBudget(w.deps, w.ctx(actors.officer), plan.planId, budgetInput());
  await recordAgreement(w.deps, w.ctx(actors.officer), plan.planId, 'SC', {
    ...agreementInput(),
    bankAccount: payee,
  });
  if (options.accounts !== false) {
    await setPayingAccount(w.deps, w.ctx(actors.officer), COUNCIL, councilAccount);
    await setPayingAccount(w.deps, w.ctx(actors.health), ICB, icbAccount);
    await setClientAccount(w.deps, w.ctx(actors.broker), BROKER, brokerAccount);
  }
  const items = () => (w.store as unknown as { table: MemoryTable }).table.dump();
  return { ...w, planId: plan.planId, keyFile, items };
}

const run = async (w: Awaited<ReturnType<typeof world>>, upTo = '2026-06-30') => {
  const { result } = await runInstalments(w.deps, w.ctx(actors.officer), { councilId: COUNCIL, upTo });
  if (!result.runId) throw new Error('the run answered no runId');
  return { ...result, runId: result.runId };
};

/** The journal's instalments to paid-out pots, read straight from the entries. */
async function journalInstalments(w: Awaited<ReturnType<typeof world>>): Promise<JournalEntry[]> {
  const out: JournalEntry[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await w.store.listEntries(w.planId, { limit: 100, cursor });
    out.push(...page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return out.filter(
    (e) => e.kind === 'instalment' && e.postings.some((p) => p.potId === 'SC' || p.potId === 'HL'),
  );
}

const amountOf = (e: JournalEntry): Money =>
  e.postings
    .filter((p) => p.account === 'available')
    .reduce((s, p) => s.plus(Money.of(p.amount)), Money.zero);

describe('money out', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeEach(async () => {
    w = await world();
  });

  it('answers the run id and keeps one payment per instalment to a paid-out pot, accounts masked', async () => {
    // Act
    const r = await run(w);
    const page = await listRunPayments(w.deps, actors.officer, r.runId, { limit: 100 });
    // Assess
    const entries = await journalInstalments(w);
    expect(page.items).toHaveLength(entries.length);
    expect(entries.length).toBeGreaterThan(0);
    const sc = page.items.find((i) => i.potId === 'SC');
    expect(sc?.account).toBe('****4958');
    expect(sc?.payee).toBe('ZOE O BRIEN');
    expect(page.items.find((i) => i.potId === 'HL')?.account).toBe('****7491');
    for (const i of page.items) expect(i.paymentId.length).toBeLessThanOrEqual(35);
    // Execution dates are working days after today (25 June 2026): never today or before.
    for (const i of page.items) expect(i.executionDate > '2026-06-25').toBe(true);
  });

  it('pays every plan of the council in one run, though every plan has a pot SC paid on the same dates', async () => {
    // Arrange: a second plan with the same budget, so its instalments fall on the same dates.
    const { result: other } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
    await setUpBudget(w.deps, w.ctx(actors.officer), other.planId, budgetInput());
    await recordAgreement(w.deps, w.ctx(actors.officer), other.planId, 'SC', {
      ...agreementInput(),
      bankAccount: payee,
    });
    // Act
    const r = await run(w);
    const page = await listRunPayments(w.deps, actors.officer, r.runId, { limit: 100 });
    // Assess: both plans' pots posted alike, one payment each, every id its own.
    const posted = async (planId: string) =>
      (await w.store.getPots(planId)).map((p) => [p.potId, p.instalmentsPosted]).sort();
    expect(await posted(other.planId)).toEqual(await posted(w.planId));
    const ofPlan = (planId: string) => page.items.filter((i) => i.planId === planId).length;
    expect(ofPlan(other.planId)).toBeGreaterThan(0);
    expect(ofPlan(other.planId)).toBe(ofPlan(w.planId));
    expect(new Set(page.items.map((i) => i.paymentId)).size).toBe(page.items.length);
  });

  it("reads a broker's client account once per run, however many of the broker's pots it pays", async () => {
    // Arrange: a second plan, so the broker holds a third-party pot in each.
    const { result: other } = await createPlan(w.deps, w.ctx(actors.officer), planInput());
    await setUpBudget(w.deps, w.ctx(actors.officer), other.planId, budgetInput());
    const getRecord = w.deps.store.getRecord.bind(w.deps.store);
    let brokerReads = 0;
    w.deps.store.getRecord = (scope, name) => {
      if ('org' in scope && scope.org === BROKER) brokerReads++;
      return getRecord(scope, name);
    };
    // Act
    const r = await run(w);
    // Assess: both broker pots paid, the account read once.
    const page = await listRunPayments(w.deps, actors.officer, r.runId, { limit: 100 });
    const brokerPots = new Set(page.items.filter((i) => i.account === '****7491').map((i) => i.planId));
    expect(brokerPots).toEqual(new Set([w.planId, other.planId]));
    expect(brokerReads).toBe(2); // one for the run, one for the listing
  });

  it('names a pot whose posting is refused for a reason no reading explains, instead of skipping it', async () => {
    // Arrange: a stray claim on SC's first instalment, as a colliding id once made, refuses its commit.
    await w.deps.store.commit({
      writes: [
        put({ type: 'claim', scope: { planId: w.planId }, name: instalmentClaim('SC', '2026-04-01') }),
      ],
    });
    // Act
    const r = await run(w);
    // Assess: SC is listed as held for it, and its instalments stay unposted; the other pots are paid.
    expect(r.held).toContainEqual({ planId: w.planId, potId: 'SC', reason: 'POSTING_REFUSED' });
    const pots = await w.store.getPots(w.planId);
    expect(pots.find((p) => p.potId === 'SC')?.instalmentsPosted).toBe(0);
    expect(pots.find((p) => p.potId === 'HL')?.instalmentsPosted).toBeGreaterThan(0);
  });

  it('sums the pain.001 file, the CSV and the journal independently to the same penny', async () => {
    // Prepare
    const r = await run(w);
    // Act
    const pain = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'pain.001');
    const csv = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'csv');
    // Assess: the journal's sum, from the entries' postings
    const journal = (await journalInstalments(w))
      .reduce((s, e) => s.plus(amountOf(e)), Money.zero)
      .toString();
    const fileSum = [...pain.text.matchAll(/<InstdAmt Ccy="GBP">([0-9.]+)<\/InstdAmt>/g)]
      .reduce((s, m) => s.plus(Money.of(m[1] ?? '0')), Money.zero)
      .toString();
    const csvSum = csv.text
      .trim()
      .split('\r\n')
      .slice(1)
      .reduce((s, line) => s.plus(Money.of(line.split(',')[2] ?? '0')), Money.zero)
      .toString();
    expect(fileSum).toBe(journal);
    expect(csvSum).toBe(journal);
    expect(pain.text).toContain(`<GrpHdr><MsgId>${r.runId}</MsgId>`);
    expect(pain.text).toMatch(new RegExp(`<CtrlSum>${journal.replace('.', '\\.')}</CtrlSum><InitgPty>`));
    // Valid against the schema, with the council and the ICB each a debtor of its own block.
    const dir = mkdtempSync(join(tmpdir(), 'pain-'));
    writeFileSync(join(dir, 'run.xml'), pain.text);
    expect(
      execFileSync('xmllint', ['--noout', '--schema', schema, join(dir, 'run.xml')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    ).toBe('');
    expect(pain.text).toContain('<Dbtr><Nm>COUNCIL A</Nm></Dbtr><DbtrAcct><Id><Othr><Id>88837491</Id>');
    expect(pain.text).toContain('<Dbtr><Nm>ICB A</Nm></Dbtr><DbtrAcct><Id><Othr><Id>66374958</Id>');
    expect(pain.text).toContain('<Cdtr><Nm>ZOE O BRIEN</Nm></Cdtr><CdtrAcct><Id><Othr><Id>66374958</Id>');
  });

  it('keeps account numbers only sealed: no stored item holds one in clear; the local key is 0600', async () => {
    // Act
    await run(w);
    // Assess
    const stored = JSON.stringify(w.items());
    expect(stored).not.toContain('66374958');
    expect(stored).not.toContain('88837491');
    expect(stored).toContain('payee_account');
    expect(statSync(w.keyFile).mode & 0o777).toBe(0o600);
  });

  it('seals under the council’s data key, and still pays a number sealed before (one SDK message)', async () => {
    // Prepare: the payee as the agreement stored it, sealed under the council's key ...
    const found = await w.deps.store.getRecord<PayeeAccount>({ planId: w.planId }, payeeName('SC'));
    if (!found?.doc.bank) throw new Error('the payee account was not stored');
    expect(found.doc.bank.sealed.startsWith(`ek1:${COUNCIL}:1:`)).toBe(true);
    // ... then put back as a record written before the change: one Encryption SDK message.
    const old = await legacyLocalAccountSealer(w.keyFile).seal('31926819', {
      purpose: 'account-number',
      owner: `plan/${w.planId}/pot/SC`,
    });
    await w.deps.store.commit({
      writes: [
        {
          kind: 'replace_if_version',
          record: {
            type: 'record',
            record: {
              ...found,
              version: found.version + 1,
              doc: { ...found.doc, bank: { ...found.doc.bank, sealed: old } },
            },
          },
          expectedVersion: found.version,
        },
      ],
    });
    // Act
    const r = await run(w);
    const pain = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'pain.001');
    // Assess
    expect(pain.text).toContain('<Cdtr><Nm>ZOE O BRIEN</Nm></Cdtr><CdtrAcct><Id><Othr><Id>31926819</Id>');
  });

  it('records each download on the run', async () => {
    // Prepare
    const r = await run(w);
    // Act
    await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'csv');
    await paymentFile(w.deps, w.ctx(actors.auditor), r.runId, 'pain.001');
    // Assess
    const view = await getInstalmentRun(w.deps, actors.auditor, r.runId);
    expect(view.downloads?.map((d) => [d.format, d.actor.sub])).toEqual([
      ['csv', 'officer-1'],
      ['pain.001', 'audit-1'],
    ]);
  });

  it('writes card pots to the card loads, not the bank file', async () => {
    // Prepare: the direct payment is loaded to a card instead.
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      card: { programme: 'allpay', cardAccountId: 'AP-0001' },
    });
    const r = await run(w);
    // Act
    const loads = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'card-loads');
    const pain = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'pain.001');
    // Assess
    const lines = loads.text.trim().split('\r\n');
    const sc = (await listRunPayments(w.deps, actors.officer, r.runId, { limit: 100 })).items.filter(
      (i) => i.potId === 'SC',
    );
    expect(lines.length - 1).toBe(sc.length);
    expect(lines[1]?.startsWith('ALLPAY,AP-0001,')).toBe(true);
    expect(pain.text).not.toContain('ZOE O BRIEN');
  });
});

describe('refusals write nothing', () => {
  it('refuses malformed sort codes and modulus failures naming the field, leaving the agreement as it was', async () => {
    const w = await world();
    const before = JSON.stringify(w.items());
    for (const [bankAccount, field] of [
      [{ ...payee, sortCode: '089999' }, 'bankAccount.sortCode'],
      [{ ...payee, sortCode: '08-99-9X' }, 'bankAccount.sortCode'],
      [{ ...payee, accountNumber: '1234567' }, 'bankAccount.accountNumber'],
      [{ ...payee, accountNumber: '66374959' }, 'bankAccount.accountNumber'],
    ] as const) {
      const e = await refusal(
        recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', { ...agreementInput(), bankAccount }),
      );
      expect([e.code, e.fields[0]?.path]).toEqual(['BANK_DETAILS_INVALID', field]);
    }
    const e = await refusal(
      setPayingAccount(w.deps, w.ctx(actors.officer), COUNCIL, {
        ...councilAccount,
        accountNumber: '88837492',
      }),
    );
    expect([e.code, e.fields[0]?.path]).toEqual(['BANK_DETAILS_INVALID', 'accountNumber']);
    expect(JSON.stringify(w.items())).toBe(before);
  });

  it("refuses anyone but the broker changing the broker's account (403), writing nothing", async () => {
    const w = await world();
    const before = JSON.stringify(w.items());
    for (const actor of [actors.otherBroker, actors.officer, actors.health, actors.auditor]) {
      const e = await refusal(setClientAccount(w.deps, w.ctx(actor), BROKER, brokerAccount));
      expect(e.code).toBe('FORBIDDEN');
    }
    for (const actor of [actors.otherOfficer, actors.broker, actors.otherHealth, actors.auditor]) {
      const e = await refusal(setPayingAccount(w.deps, w.ctx(actor), COUNCIL, councilAccount));
      expect(e.code).toBe('FORBIDDEN');
    }
    expect(JSON.stringify(w.items())).toBe(before);
  });

  it("answers 404 for another council's run and records no download", async () => {
    const w = await world();
    const r = await run(w);
    const before = JSON.stringify(w.items());
    for (const actor of [actors.otherOfficer, actors.health, actors.broker, actors.family(w.planId)]) {
      expect((await refusal(paymentFile(w.deps, w.ctx(actor), r.runId, 'pain.001'))).code).toBe('NOT_FOUND');
      expect((await refusal(listRunPayments(w.deps, actor, r.runId, { limit: 10 }))).code).toBe('NOT_FOUND');
    }
    expect(JSON.stringify(w.items())).toBe(before);
  });

  it('answers 409 NOTHING_TO_PAY for a run with nothing to pay, and for card loads without cards', async () => {
    const w = await world();
    const r = await run(w);
    const again = await run(w);
    const before = JSON.stringify(w.items());
    expect((await refusal(paymentFile(w.deps, w.ctx(actors.officer), again.runId, 'pain.001'))).code).toBe(
      'NOTHING_TO_PAY',
    );
    expect((await refusal(paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'card-loads'))).code).toBe(
      'NOTHING_TO_PAY',
    );
    expect(JSON.stringify(w.items())).toBe(before);
  });

  it('answers 409 PAYMENT_ACCOUNT_MISSING for a funder without a paying account', async () => {
    const w = await world({ accounts: false });
    await setClientAccount(w.deps, w.ctx(actors.broker), BROKER, brokerAccount);
    const r = await run(w);
    const before = JSON.stringify(w.items());
    const e = await refusal(paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'pain.001'));
    expect(e.code).toBe('PAYMENT_ACCOUNT_MISSING');
    expect(JSON.stringify(w.items())).toBe(before);
    // The CSV names no debtor, so it is still given.
    expect((await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'csv')).count).toBeGreaterThan(0);
  });

  it('lists a pot without an account with account null and leaves it out of the files', async () => {
    const w = await world();
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', agreementInput());
    const r = await run(w);
    const page = await listRunPayments(w.deps, actors.officer, r.runId, { limit: 100 });
    expect(page.items.filter((i) => i.potId === 'SC').every((i) => i.account === null)).toBe(true);
    expect(page.withoutAccount).toBe(page.items.filter((i) => i.potId === 'SC').length);
    const csv = await paymentFile(w.deps, w.ctx(actors.officer), r.runId, 'csv');
    expect(csv.count).toBe(page.items.length - page.withoutAccount);
  });
});

describe('returned payments', () => {
  it('reverses the instalment, keeps the reason, opens payment_returned, and holds the pot until the account changes', async () => {
    // Prepare
    const w = await world();
    const first = await run(w);
    const sc = (await listRunPayments(w.deps, actors.officer, first.runId, { limit: 100 })).items.find(
      (i) => i.potId === 'SC',
    );
    if (!sc) throw new Error('no SC payment');
    const available = async () => (await w.store.getPots(w.planId)).find((p) => p.potId === 'SC')?.available;
    const before = Money.of((await available()) ?? '0');
    // Act
    const { result } = await returnPayment(w.deps, w.ctx(actors.officer), sc.paymentId, {
      reason: 'account closed',
      code: 'AC04',
    });
    // Assess: reversed, reason kept, on the worklist
    expect(Money.of((await available()) ?? '0').toString()).toBe(
      before.minus(Money.of(sc.amount)).toString(),
    );
    expect((await w.store.getEntry(w.planId, result.reversal))?.kind).toBe('reverse');
    const listed = (await listRunPayments(w.deps, actors.officer, first.runId, { limit: 100 })).items.find(
      (i) => i.paymentId === sc.paymentId,
    );
    expect(listed?.returned?.reason).toBe('account closed');
    expect(listed?.returned?.code).toBe('AC04');
    expect((await w.store.getWork(w.planId, 'payment_returned', sc.paymentId))?.open).toBe(true);
    // Returned twice: 409, nothing written.
    expect(
      (await refusal(returnPayment(w.deps, w.ctx(actors.officer), sc.paymentId, { reason: 'again' }))).code,
    ).toBe('PAYMENT_ALREADY_RETURNED');
    // Only the council's officers record it: the auditor sees the run (403), another council does not (404).
    expect(
      (await refusal(returnPayment(w.deps, w.ctx(actors.auditor), sc.paymentId, { reason: 'x' }))).code,
    ).toBe('FORBIDDEN');
    expect(
      (await refusal(returnPayment(w.deps, w.ctx(actors.otherOfficer), sc.paymentId, { reason: 'x' }))).code,
    ).toBe('NOT_FOUND');
    // The next run holds SC.
    w.clock.set('2026-07-20T09:00:00.000Z');
    const held = await run(w, '2026-07-31');
    expect(held.held).toContainEqual({ planId: w.planId, potId: 'SC', reason: 'PAYMENT_RETURNED' });
    const heldPayments = (await listRunPayments(w.deps, actors.officer, held.runId, { limit: 100 })).items;
    expect(heldPayments.some((i) => i.potId === 'SC')).toBe(false);
    // A new agreement with another account: paid again.
    await recordAgreement(w.deps, w.ctx(actors.officer), w.planId, 'SC', {
      ...agreementInput(),
      bankAccount: { ...payee, sortCode: '10-79-99', accountNumber: '88837491' },
    });
    const paid = await run(w, '2026-07-31');
    const paidAgain = (await listRunPayments(w.deps, actors.officer, paid.runId, { limit: 100 })).items;
    expect(paidAgain.find((i) => i.potId === 'SC')?.account).toBe('****7491');
  });
});
