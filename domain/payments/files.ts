import { createCB } from 'xmlbuilder2';
import { type DebtorAccount, groupsOf, type PayablePayment, totals } from './batch.js';

/**
 * The files a run's payment batch is written as (DESIGN.md 11b): ISO 20022 `pain.001.001.03` for
 * the bank, CSV for a finance system, and card loads for a card programme. Each writer streams:
 * it hands out text chunks as it goes, so 20,000 payments never sit in memory as a document tree.
 * Only these files carry account numbers in full.
 */

export const painNamespace = 'urn:iso:std:iso:20022:tech:xsd:pain.001.001.03';

export interface PainHeader {
  /** The message id (≤ 35 characters): the run's id. */
  messageId: string;
  createdAt: Date;
  /** The initiating party: the council. */
  initiatingParty: string;
}

/** Writes pain.001.001.03, one `PmtInf` per funder and execution date; `sink` takes each chunk. */
export function writePain001(
  header: PainHeader,
  payments: readonly PayablePayment[],
  debtors: ReadonlyMap<string, DebtorAccount>,
  sink: (chunk: string) => void,
): { count: number; sum: string } {
  const banked = payments.filter((p) => p.route.kind === 'bank');
  const all = totals(banked);
  const xml = createCB({ data: sink, prettyPrint: false });
  xml.dec({ version: '1.0', encoding: 'UTF-8' });
  const doc = xml.ele(painNamespace, 'Document');
  const root = doc.ele('CstmrCdtTrfInitn');
  const hdr = root.ele('GrpHdr');
  hdr.ele('MsgId').txt(header.messageId.slice(0, 35)).up();
  hdr.ele('CreDtTm').txt(header.createdAt.toISOString().slice(0, 19)).up();
  hdr.ele('NbOfTxs').txt(String(all.count)).up();
  hdr.ele('CtrlSum').txt(all.sum).up();
  hdr.ele('InitgPty').ele('Nm').txt(header.initiatingParty.slice(0, 140)).up().up();
  hdr.up();
  groupsOf(banked).forEach((group, i) => {
    const debtor = debtors.get(group.funderId);
    if (!debtor) throw new RangeError(`funder ${group.funderId} has no paying account`);
    const t = totals(group.payments);
    const inf = root.ele('PmtInf');
    inf
      .ele('PmtInfId')
      .txt(`${header.messageId.slice(0, 30)}-${String(i + 1).padStart(4, '0')}`)
      .up();
    inf.ele('PmtMtd').txt('TRF').up();
    inf.ele('NbOfTxs').txt(String(t.count)).up();
    inf.ele('CtrlSum').txt(t.sum).up();
    inf.ele('ReqdExctnDt').txt(group.executionDate).up();
    inf.ele('Dbtr').ele('Nm').txt(debtor.name).up().up();
    inf
      .ele('DbtrAcct')
      .ele('Id')
      .ele('Othr')
      .ele('Id')
      .txt(debtor.accountNumber)
      .up()
      .up()
      .up()
      .ele('Ccy')
      .txt('GBP')
      .up()
      .up();
    agent(inf.ele('DbtrAgt'), debtor.sortCode);
    for (const p of group.payments) {
      if (p.route.kind !== 'bank') continue;
      const tx = inf.ele('CdtTrfTxInf');
      tx.ele('PmtId').ele('EndToEndId').txt(p.paymentId).up().up();
      tx.ele('Amt').ele('InstdAmt', { Ccy: 'GBP' }).txt(p.amount).up().up();
      agent(tx.ele('CdtrAgt'), p.route.sortCode);
      tx.ele('Cdtr').ele('Nm').txt(p.route.name).up().up();
      tx.ele('CdtrAcct').ele('Id').ele('Othr').ele('Id').txt(p.route.accountNumber).up().up().up().up();
      if (p.reference) tx.ele('RmtInf').ele('Ustrd').txt(p.reference).up().up();
      tx.up();
    }
    inf.up();
  });
  root.up();
  doc.up();
  xml.end();
  return all;
}

type Builder = ReturnType<ReturnType<typeof createCB>['ele']>;

/** A UK bank by its sort code: `FinInstnId/ClrSysMmbId` with clearing system `GBDSC`. */
function agent(at: Builder, sortCode: string): void {
  at.ele('FinInstnId')
    .ele('ClrSysMmbId')
    .ele('ClrSysId')
    .ele('Cd')
    .txt('GBDSC')
    .up()
    .up()
    .ele('MmbId')
    .txt(sortCode)
    .up()
    .up()
    .up()
    .up();
}

/** A CSV field: quoted when it holds a comma, quote or line break; formula-leading text defused. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?[0-9]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

const row = (fields: readonly string[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const paymentsCsvHeader = [
  'paymentId',
  'executionDate',
  'amount',
  'payee',
  'sortCode',
  'accountNumber',
  'reference',
  'funderId',
] as const;

/** The rows for a finance system: every bank payment, account in full, one per line. */
export function writePaymentsCsv(
  payments: readonly PayablePayment[],
  sink: (chunk: string) => void,
): { count: number; sum: string } {
  sink(row(paymentsCsvHeader));
  const banked = payments.filter((p) => p.route.kind === 'bank');
  for (const p of banked) {
    if (p.route.kind !== 'bank') continue;
    sink(
      row([
        p.paymentId,
        p.executionDate,
        p.amount,
        p.route.name,
        p.route.sortCode.replace(/^([0-9]{2})([0-9]{2})([0-9]{2})$/, '$1-$2-$3'),
        p.route.accountNumber,
        p.reference,
        p.funderId,
      ]),
    );
  }
  return totals(banked);
}

export const cardLoadsHeader = [
  'programme',
  'cardAccountId',
  'amount',
  'reference',
  'loadDate',
  'paymentId',
] as const;

/** Card loads for a card programme (DESIGN.md 11b: card account, amount, reference). */
export function writeCardLoads(
  payments: readonly PayablePayment[],
  sink: (chunk: string) => void,
): { count: number; sum: string } {
  sink(row(cardLoadsHeader));
  const loads = payments.filter((p) => p.route.kind === 'card');
  for (const p of loads) {
    if (p.route.kind !== 'card') continue;
    sink(
      row([p.route.programme, p.route.cardAccountId, p.amount, p.reference, p.executionDate, p.paymentId]),
    );
  }
  return totals(loads);
}
