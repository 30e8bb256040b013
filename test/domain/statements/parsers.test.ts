/** Statement files of each bank's layout, OFX 1.x and 2.x, become exact lines; bad files are named refusals. */
import { describe, expect, it } from 'vitest';
import { parseCsvStatement } from '../../../domain/statements/csv.js';
import { lineIdentities, lineIdOf, statementAmount, statementDate } from '../../../domain/statements/line.js';
import { parseOfxStatement } from '../../../domain/statements/ofx.js';

describe('statement amounts and dates', () => {
  it('reads thousands separators, brackets, pound signs and signs exactly', () => {
    expect(statementAmount('1,234.56', 1).toString()).toBe('1234.56');
    expect(statementAmount('(1,234.50)', 1).toString()).toBe('-1234.50');
    expect(statementAmount('£12.3', 1).toString()).toBe('12.30');
    expect(statementAmount('-£0.99', 1).toString()).toBe('-0.99');
    expect(statementAmount('+5', 1).toString()).toBe('5.00');
    expect(statementAmount('12.00 DR', 1).toString()).toBe('-12.00');
    expect(statementAmount('0.1', 1).toString()).toBe('0.10');
  });
  it('refuses what is not pounds and pence', () => {
    for (const bad of ['1.234', '12,34', '1,23.00', 'abc', '', '--1', '(-1)', '1e3', '0x10', '1,2345.00'])
      expect(() => statementAmount(bad, 7), bad).toThrow(/line 7/);
  });
  it('reads ISO, UK-order and named-month dates, never US order', () => {
    expect(statementDate('2026-12-06', 1)).toBe('2026-12-06');
    expect(statementDate('06/12/2026', 1)).toBe('2026-12-06');
    expect(statementDate('6/1/2026', 1)).toBe('2026-01-06');
    expect(statementDate('06 Dec 2026', 1)).toBe('2026-12-06');
    expect(statementDate('20261206120000[0:GMT]', 1, true)).toBe('2026-12-06');
    expect(() => statementDate('12/31/2026', 3)).toThrow(/line 3/);
    expect(() => statementDate('31/02/2026', 3)).toThrow(/not a real date/);
  });
});

describe('CSV layouts', () => {
  it('reads the plain layout with balance and mcc', () => {
    const { bank, lines } = parseCsvStatement(
      'date,description,amount,balance,mcc\n2026-05-01,"Swim, lessons","-1,200.00",300.00,7997\n06/05/2026,Council DP,(2.50),297.50,\n',
    );
    expect(bank).toBe('plain');
    expect(lines).toEqual([
      {
        date: '2026-05-01',
        description: 'Swim, lessons',
        amount: '-1200.00',
        balance: '300.00',
        mcc: '7997',
      },
      { date: '2026-05-06', description: 'Council DP', amount: '-2.50', balance: '297.50' },
    ]);
  });
  it.each([
    [
      'Barclays',
      'Number,Date,Account,Amount,Subcategory,Memo\n,06/12/2026,20-00-00 1234,-12.50,PAYMENT,SWIM CLUB\n',
      '-12.50',
      'SWIM CLUB PAYMENT',
    ],
    [
      'Lloyds / Halifax',
      "Transaction Date,Transaction Type,Sort Code,Account Number,Transaction Description,Debit Amount,Credit Amount,Balance\n06/12/2026,DEB,'30-91-74,02344812,SWIM CLUB,12.50,,987.50\n",
      '-12.50',
      'SWIM CLUB',
    ],
    [
      'NatWest / RBS',
      "Date,Type,Description,Value,Balance,Account Name,Account Number\n06/12/2026,POS,'SWIM CLUB,-12.50,987.50,'J SMITH,'601234-12345678\n",
      '-12.50',
      "'SWIM CLUB",
    ],
    [
      'Nationwide',
      '"Account Name:","FlexDirect ****1234"\n"Account Balance:","£987.50"\n"Available Balance: ","£987.50"\n\n"Date","Transaction type","Description","Paid out","Paid in","Balance"\n"06 Dec 2026","Visa purchase","SWIM CLUB","£12.50","","£987.50"\n',
      '-12.50',
      'SWIM CLUB Visa purchase',
    ],
    [
      'Santander',
      'Date,Description,Money in,Money out,Balance\n06/12/2026,SWIM CLUB,,12.50,987.50\n',
      '-12.50',
      'SWIM CLUB',
    ],
    [
      'Monzo',
      'Transaction ID,Date,Time,Type,Name,Emoji,Category,Amount,Currency,Local amount,Local currency,Notes and #tags,Address,Receipt,Description,Category split,Money Out,Money In\ntx_0001,06/12/2026,10:00:00,Card payment,Swim Club,,Entertainment,-12.50,GBP,-12.50,GBP,,,,SWIM CLUB LONDON,,-12.50,\n',
      '-12.50',
      'Swim Club SWIM CLUB LONDON',
    ],
    [
      'Starling',
      'Date,Counter Party,Reference,Type,Amount (GBP),Balance (GBP),Spending Category,Notes\n06/12/2026,Swim Club,LESSONS,CARD,-12.50,987.50,LIFESTYLE,\n',
      '-12.50',
      'Swim Club LESSONS',
    ],
    [
      'card programme',
      'date,merchant,amount,mcc,transaction id\n2026-12-06,SWIM CLUB,-12.50,7997,C-1\n',
      '-12.50',
      'SWIM CLUB',
    ],
  ])('reads %s', (bank, file, amount, description) => {
    const parsed = parseCsvStatement(file);
    expect(parsed.bank).toBe(bank);
    expect(parsed.lines).toHaveLength(1);
    expect(parsed.lines[0]).toMatchObject({ date: '2026-12-06', amount, description });
  });
  it("reads HSBC's export, which has no header row", () => {
    const parsed = parseCsvStatement('06/12/2026,SWIM CLUB,-12.50\n07/12/2026,REFUND,"1,000.00"\n');
    expect(parsed.bank).toBe('HSBC');
    expect(parsed.lines.map((l) => l.amount)).toEqual(['-12.50', '1000.00']);
  });
  it('refuses an unknown header naming the headers it expected', () => {
    let error: unknown;
    try {
      parseCsvStatement('when,what,how much\n2026-01-01,x,1.00\n');
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'STATEMENT_FORMAT_UNKNOWN' });
    expect((error as Error).message).toContain('date,description,amount[,balance][,mcc]');
    expect((error as Error).message).toContain('Transaction Date,Transaction Type');
  });
  it('refuses more than 5,000 lines with 413', () => {
    const body = `date,description,amount\n${'2026-01-01,x,-1.00\n'.repeat(5_001)}`;
    expect(() => parseCsvStatement(body)).toThrow(expect.objectContaining({ code: 'STATEMENT_TOO_LARGE' }));
    expect(
      parseCsvStatement(`date,description,amount\n${'2026-01-01,x,-1.00\n'.repeat(5_000)}`).lines,
    ).toHaveLength(5_000);
  });
  it('names the line of a bad amount or date, and of broken quoting', () => {
    expect(() => parseCsvStatement('date,description,amount\n2026-01-01,x,1.999\n')).toThrow(/line 2/);
    expect(() => parseCsvStatement('date,description,amount\n2026-13-01,x,1.00\n')).toThrow(/line 2.*date/);
    expect(() => parseCsvStatement('date,description,amount\n2026-01-01,"x,1.00\n')).toThrow(
      expect.objectContaining({ code: 'STATEMENT_INVALID' }),
    );
  });
  it("names the line and column of a bad cell, never the cell's text (a name or an account number)", () => {
    // A description with an unquoted comma shifts a payee's name into the amount column; the
    // refusal answered `the amount "Jane Smith 12345678" is not an amount in pounds and pence`.
    const bad = [
      'date,description,amount\n2026-05-01,Payment,Jane Smith 12345678\n',
      'date,description,amount\nJane Smith,Payment,-1.00\n',
      'date,description,amount,balance,mcc\n2026-05-01,x,-1.00,1.00,Jane\n',
      'date,description,amount\n2026-05-01,x,--Jane 12345678\n',
    ];
    for (const body of bad) {
      let detail = '';
      try {
        parseCsvStatement(body);
      } catch (error) {
        detail = (error as Error).message;
      }
      expect(detail, body).toMatch(/line 2: the (amount|date|merchant category)/);
      expect(detail, body).not.toMatch(/Jane|12345678/);
    }
    let ofx = '';
    try {
      parseOfxStatement(
        '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>Jane Smith<TRNAMT>-1.00<FITID>1<NAME>x</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
      );
    } catch (error) {
      ofx = (error as Error).message;
    }
    expect(ofx).toMatch(/date/);
    expect(ofx).not.toMatch(/Jane/);
  });
  it('keeps descriptions free of control and bidirectional characters', () => {
    const { lines } = parseCsvStatement('date,description,amount\n2026-01-01,"a\u202eb\u0007c",1.00\n');
    expect(lines[0]?.description).toBe('a b c');
  });
});

const ofx1 = `OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261207<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>GBP<BANKACCTFROM><BANKID>309174<ACCTID>02344812<ACCTTYPE>CHECKING</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261201<DTEND>20261207
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261206<TRNAMT>-12.50<FITID>F-1<NAME>SWIM CLUB<MEMO>LESSONS</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20261201<TRNAMT>1000.10<FITID>F-0<NAME>COUNCIL DP</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1987.60<DTASOF>20261207</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
`;

const ofx2 = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<CCSTMTRS><CURDEF>GBP</CURDEF><CCACCTFROM><ACCTID>4000</ACCTID></CCACCTFROM>
<BANKTRANLIST><DTSTART>20261201</DTSTART><DTEND>20261207</DTEND>
<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20261206000000[0:GMT]</DTPOSTED><TRNAMT>-0.10</TRNAMT><FITID>C-9</FITID><SIC>7995</SIC><NAME>BETS &amp; CO</NAME></STMTTRN>
</BANKTRANLIST>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
</OFX>
`;

describe('OFX', () => {
  it('reads OFX 1.x SGML with exact amounts and running balances from LEDGERBAL', () => {
    const { lines } = parseOfxStatement(ofx1);
    expect(lines).toEqual([
      {
        date: '2026-12-06',
        description: 'SWIM CLUB LESSONS',
        amount: '-12.50',
        bankId: 'F-1',
        balance: '1987.60',
      },
      { date: '2026-12-01', description: 'COUNCIL DP', amount: '1000.10', bankId: 'F-0', balance: '2000.10' },
    ]);
  });
  it('reads OFX 2.x XML card statements with the merchant category in SIC', () => {
    const { lines } = parseOfxStatement(ofx2);
    expect(lines).toEqual([
      { date: '2026-12-06', description: 'BETS & CO', amount: '-0.10', bankId: 'C-9', mcc: '7995' },
    ]);
  });
  it('keeps amounts as the file wrote them, past what a JS number holds', () => {
    const { lines } = parseOfxStatement(
      ofx1.replace('1000.10', '999999999.99').replace('1987.60', '999999987.49'),
    );
    expect(lines[1]?.amount).toBe('999999999.99');
    expect(lines[1]?.balance).toBe('999999999.99');
  });
  it('refuses broken OFX', () => {
    for (const bad of [
      '<OFX><BANKMSGSRSV1>',
      'OFXHEADER:100\n<OFX></BANK>',
      '<OFX>'.repeat(20_000),
      'no ofx here',
    ])
      expect(() => parseOfxStatement(bad)).toThrow(expect.objectContaining({ code: 'STATEMENT_INVALID' }));
  });
});

describe('line identity', () => {
  it('is the bank id when there is one, else date, amount, description and balance with the occurrence', () => {
    const base = { date: '2026-01-01', description: 'Coffee', amount: '-2.00' };
    const ids = lineIdentities([base, base, { ...base, bankId: 'X' }, { ...base, balance: '1.00' }]);
    expect(new Set(ids).size).toBe(4);
    // The same two coffees in an overlapping statement are the same two lines.
    expect(lineIdentities([{ ...base, description: 'COFFEE' }, base])).toEqual(ids.slice(0, 2));
    expect(lineIdOf(ids[0] as string)).toMatch(/^[0-9a-f]{16}$/);
    expect(lineIdOf(ids[0] as string)).not.toBe(lineIdOf(ids[1] as string));
  });
});
