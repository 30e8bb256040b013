import { formatSortCode } from './bank-details.js';
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

/** Text for XML character data and attribute values: the five special characters escaped. */
export const escapeXml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);

const el = (name: string, text: string): string => `<${name}>${escapeXml(text)}</${name}>`;

/** A UK bank by its sort code: `FinInstnId/ClrSysMmbId` with clearing system `GBDSC`. */
const agent = (name: string, sortCode: string): string =>
  `<${name}><FinInstnId><ClrSysMmbId><ClrSysId><Cd>GBDSC</Cd></ClrSysId>${el('MmbId', sortCode)}</ClrSysMmbId></FinInstnId></${name}>`;

/**
 * Writes pain.001.001.03, one `PmtInf` per funder and execution date; `sink` takes each chunk (one
 * per transaction), so the document is never held whole. Written as text with every value
 * escaped: xmlbuilder2's streaming builder measured about 0.25 ms an element on the bench machine,
 * some 100 s for 20,000 payments against a gate of 2 s (docs/decisions/49-payment-files.md). The
 * tests validate the output against the schema with xmllint.
 */
export function writePain001(
  header: PainHeader,
  payments: readonly PayablePayment[],
  debtors: ReadonlyMap<string, DebtorAccount>,
  sink: (chunk: string) => void,
): { count: number; sum: string } {
  const banked = payments.filter((p) => p.route.kind === 'bank');
  const groups = groupsOf(banked);
  for (const group of groups)
    if (!debtors.has(group.funderId)) throw new RangeError(`funder ${group.funderId} has no paying account`);
  const all = totals(banked);
  sink(
    `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="${painNamespace}"><CstmrCdtTrfInitn><GrpHdr>` +
      el('MsgId', header.messageId.slice(0, 35)) +
      el('CreDtTm', header.createdAt.toISOString().slice(0, 19)) +
      el('NbOfTxs', String(all.count)) +
      el('CtrlSum', all.sum) +
      `<InitgPty>${el('Nm', header.initiatingParty.slice(0, 140))}</InitgPty></GrpHdr>`,
  );
  groups.forEach((group, i) => {
    const debtor = debtors.get(group.funderId) as DebtorAccount;
    const t = totals(group.payments);
    sink(
      '<PmtInf>' +
        el('PmtInfId', `${header.messageId.slice(0, 30)}-${String(i + 1).padStart(4, '0')}`) +
        '<PmtMtd>TRF</PmtMtd>' +
        el('NbOfTxs', String(t.count)) +
        el('CtrlSum', t.sum) +
        el('ReqdExctnDt', group.executionDate) +
        `<Dbtr>${el('Nm', debtor.name)}</Dbtr>` +
        `<DbtrAcct><Id><Othr>${el('Id', debtor.accountNumber)}</Othr></Id><Ccy>GBP</Ccy></DbtrAcct>` +
        agent('DbtrAgt', debtor.sortCode),
    );
    for (const p of group.payments) {
      if (p.route.kind !== 'bank') continue;
      sink(
        '<CdtTrfTxInf>' +
          `<PmtId>${el('EndToEndId', p.paymentId)}</PmtId>` +
          `<Amt><InstdAmt Ccy="GBP">${escapeXml(p.amount)}</InstdAmt></Amt>` +
          agent('CdtrAgt', p.route.sortCode) +
          `<Cdtr>${el('Nm', p.route.name)}</Cdtr>` +
          `<CdtrAcct><Id><Othr>${el('Id', p.route.accountNumber)}</Othr></Id></CdtrAcct>` +
          (p.reference ? `<RmtInf>${el('Ustrd', p.reference)}</RmtInf>` : '') +
          '</CdtTrfTxInf>',
      );
    }
    sink('</PmtInf>');
  });
  sink('</CstmrCdtTrfInitn></Document>');
  return all;
}

/** A CSV field: quoted when it holds a comma, quote or line break; formula-leading text defused. */
export function csvField(value: string): string {
  // Only a whole plain number is left as it is: '-1+HYPERLINK(…)' starts like one and is a formula.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?[0-9]+(\.[0-9]+)?$/.test(value) ? `'${value}` : value;
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
        formatSortCode(p.route.sortCode),
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
