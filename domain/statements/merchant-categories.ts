/**
 * Merchant category codes (ISO 18245, as card schemes publish them) mapped to the ledger's
 * categories, kept as data: one table of ranges, read by `merchantCategory`. A code the table
 * does not name maps to `other` (the family says what it was when it classifies the line).
 *
 * `prohibited` codes are never spends (DESIGN.md section 11b): the line becomes a refusal record
 * and a safeguarding alert. `cash` codes are prohibited only where council policy sets
 * `cashWithdrawals` to false; otherwise they count towards `cashLimitPerQuarter`.
 */

export type MerchantRule =
  | { kind: 'category'; category: string }
  | { kind: 'prohibited'; category: string; reason: string }
  | { kind: 'cash'; category: 'cash'; reason: string };

export interface MerchantRange {
  from: number;
  to: number;
  rule: MerchantRule;
  /** What the range is, as ISO 18245 names it. */
  label: string;
}

const category = (c: string): MerchantRule => ({ kind: 'category', category: c });
const prohibited = (c: string, reason: string): MerchantRule => ({ kind: 'prohibited', category: c, reason });

/** Narrow ranges first: the first range that holds a code wins. */
export const merchantRanges: readonly MerchantRange[] = [
  // Prohibited (section 11b), each tested on its own.
  {
    from: 7995,
    to: 7995,
    rule: prohibited('gambling', 'betting and gambling'),
    label: 'Betting, lottery, casino chips',
  },
  {
    from: 7800,
    to: 7802,
    rule: prohibited('gambling', 'betting and gambling'),
    label: 'Government lotteries, horse and dog racing',
  },
  {
    from: 5921,
    to: 5921,
    rule: prohibited('alcohol', 'an off-licence'),
    label: 'Package stores: beer, wine and liquor',
  },
  { from: 5993, to: 5993, rule: prohibited('tobacco', 'a tobacconist'), label: 'Cigar stores and stands' },
  {
    from: 7273,
    to: 7273,
    rule: prohibited('dating', 'a dating service'),
    label: 'Dating and escort services',
  },
  { from: 5933, to: 5933, rule: prohibited('pawn', 'a pawn shop'), label: 'Pawn shops' },
  {
    from: 6051,
    to: 6051,
    rule: prohibited('quasi_cash', 'quasi-cash (money orders, crypto, gaming chips)'),
    label: 'Quasi-cash: money orders, foreign currency, stored value',
  },
  {
    from: 6010,
    to: 6011,
    rule: { kind: 'cash', category: 'cash', reason: 'a cash withdrawal' },
    label: 'Manual and automated cash disbursements',
  },
  // Ordinary spending, mapped to the categories plans use.
  { from: 8011, to: 8099, rule: category('therapy'), label: 'Medical and health practitioners, services' },
  { from: 5047, to: 5047, rule: category('equipment'), label: 'Medical, dental, ophthalmic equipment' },
  { from: 5912, to: 5912, rule: category('pharmacy'), label: 'Drug stores and pharmacies' },
  {
    from: 5975,
    to: 5976,
    rule: category('equipment'),
    label: 'Hearing aids, orthopaedic goods and prosthetics',
  },
  { from: 8211, to: 8299, rule: category('tuition'), label: 'Schools and educational services' },
  { from: 8351, to: 8351, rule: category('short_breaks'), label: 'Child care services' },
  { from: 7011, to: 7012, rule: category('short_breaks'), label: 'Lodging: hotels, timeshares' },
  {
    from: 7032,
    to: 7033,
    rule: category('short_breaks'),
    label: 'Sporting and recreational camps, campgrounds',
  },
  { from: 7911, to: 7999, rule: category('activities'), label: 'Amusement and recreation services' },
  { from: 4111, to: 4131, rule: category('travel'), label: 'Local and commuter transport, buses' },
  { from: 4121, to: 4121, rule: category('travel'), label: 'Taxis' },
  { from: 4011, to: 4011, rule: category('travel'), label: 'Railways' },
  { from: 5541, to: 5542, rule: category('travel'), label: 'Service stations and fuel' },
  { from: 5045, to: 5045, rule: category('equipment'), label: 'Computers and peripherals' },
  { from: 5732, to: 5734, rule: category('equipment'), label: 'Electronics, computer software' },
  { from: 5411, to: 5499, rule: category('groceries'), label: 'Grocery stores and food shops' },
  { from: 5811, to: 5814, rule: category('food'), label: 'Restaurants, fast food, bars' },
  { from: 7361, to: 7361, rule: category('personal_assistant'), label: 'Employment agencies' },
  {
    from: 8398,
    to: 8398,
    rule: category('short_breaks'),
    label: 'Charitable and social service organisations',
  },
  { from: 5200, to: 5399, rule: category('household'), label: 'Home supply, department and general stores' },
  { from: 5611, to: 5699, rule: category('clothing'), label: 'Clothing stores' },
  { from: 4812, to: 4900, rule: category('bills'), label: 'Telecommunications and utilities' },
];

export const defaultMerchantRule: MerchantRule = category('other');

/** The rule for a merchant category code; `other` for a code the table does not name. */
export function merchantCategory(mcc: string | undefined): MerchantRule | undefined {
  if (mcc === undefined || !/^[0-9]{4}$/.test(mcc)) return undefined;
  const code = Number.parseInt(mcc, 10);
  return merchantRanges.find((r) => code >= r.from && code <= r.to)?.rule ?? defaultMerchantRule;
}

/** Whether a line with this code is refused, under the council's choice on cash. */
export function isProhibitedMerchant(
  mcc: string | undefined,
  policy: { cashWithdrawals: boolean },
): { reason: string; category: string } | undefined {
  const rule = merchantCategory(mcc);
  if (rule?.kind === 'prohibited') return { reason: rule.reason, category: rule.category };
  if (rule?.kind === 'cash' && !policy.cashWithdrawals) return { reason: rule.reason, category: 'cash' };
  return undefined;
}

export const isCashMerchant = (mcc: string | undefined): boolean => merchantCategory(mcc)?.kind === 'cash';
