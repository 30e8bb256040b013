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
const gambling = prohibited('gambling', 'betting and gambling');
const range = (from: number, to: number, rule: MerchantRule, label: string): MerchantRange => ({
  from,
  to,
  rule,
  label,
});

/** Narrow ranges first: the first range that holds a code wins. */
// biome-ignore format: a table, one range a row
export const merchantRanges: readonly MerchantRange[] = [
  // Prohibited (section 11b), each tested on its own.
  range(7995, 7995, gambling, 'Betting, lottery, casino chips'),
  range(7800, 7802, gambling, 'Government lotteries, horse and dog racing'),
  range(5921, 5921, prohibited('alcohol', 'an off-licence'), 'Package stores: beer, wine and liquor'),
  range(5993, 5993, prohibited('tobacco', 'a tobacconist'), 'Cigar stores and stands'),
  range(7273, 7273, prohibited('dating', 'a dating service'), 'Dating and escort services'),
  range(5933, 5933, prohibited('pawn', 'a pawn shop'), 'Pawn shops'),
  range(6051, 6051, prohibited('quasi_cash', 'quasi-cash (money orders, crypto, gaming chips)'), 'Quasi-cash: money orders, foreign currency, stored value'),
  range(6010, 6011, { kind: 'cash', category: 'cash', reason: 'a cash withdrawal' }, 'Manual and automated cash disbursements'),
  // Ordinary spending, mapped to the categories plans use.
  range(8011, 8099, category('therapy'), 'Medical and health practitioners, services'),
  range(5047, 5047, category('equipment'), 'Medical, dental, ophthalmic equipment'),
  range(5912, 5912, category('pharmacy'), 'Drug stores and pharmacies'),
  range(5975, 5976, category('equipment'), 'Hearing aids, orthopaedic goods and prosthetics'),
  range(8211, 8299, category('tuition'), 'Schools and educational services'),
  range(8351, 8351, category('short_breaks'), 'Child care services'),
  range(7011, 7012, category('short_breaks'), 'Lodging: hotels, timeshares'),
  range(7032, 7033, category('short_breaks'), 'Sporting and recreational camps, campgrounds'),
  range(7911, 7999, category('activities'), 'Amusement and recreation services'),
  range(4111, 4131, category('travel'), 'Local and commuter transport, buses'),
  range(4121, 4121, category('travel'), 'Taxis'),
  range(4011, 4011, category('travel'), 'Railways'),
  range(5541, 5542, category('travel'), 'Service stations and fuel'),
  range(5045, 5045, category('equipment'), 'Computers and peripherals'),
  range(5732, 5734, category('equipment'), 'Electronics, computer software'),
  range(5411, 5499, category('groceries'), 'Grocery stores and food shops'),
  range(5811, 5814, category('food'), 'Restaurants, fast food, bars'),
  range(7361, 7361, category('personal_assistant'), 'Employment agencies'),
  range(8398, 8398, category('short_breaks'), 'Charitable and social service organisations'),
  range(5200, 5399, category('household'), 'Home supply, department and general stores'),
  range(5611, 5699, category('clothing'), 'Clothing stores'),
  range(4812, 4900, category('bills'), 'Telecommunications and utilities'),
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
