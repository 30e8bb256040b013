import { type FieldError, fieldMessage } from './messages.js';

/**
 * The web layer checks every field of a form before it calls the API, so every error shows at once
 * in the GOV.UK error summary (the API still checks everything: a refusal it makes is shown too).
 */
export class Checks {
  readonly errors: FieldError[] = [];

  private add(field: string, text: string): undefined {
    if (!this.errors.some((e) => e.field === field)) this.errors.push({ field, text });
    return undefined;
  }

  /** A refusal of a field in words of the form's own (a rule the web layer knows). */
  fail(field: string, text: string): void {
    this.add(field, text);
  }

  text(
    form: URLSearchParams,
    field: string,
    opts: { max?: number; optional?: boolean } = {},
  ): string | undefined {
    const v = (form.get(field) ?? '').trim();
    if (v === '') return opts.optional ? undefined : this.add(field, fieldMessage(field, 'missing'));
    if (v.length > (opts.max ?? 200)) return this.add(field, fieldMessage(field, 'invalid'));
    return v;
  }

  /** Money typed forgivingly: `£1,250`, `1250.5` and ` 45.00 ` all read as pounds and pence. */
  amount(form: URLSearchParams, field: string, opts: { allowZero?: boolean } = {}): string | undefined {
    const raw = (form.get(field) ?? '').trim();
    if (raw === '') return this.add(field, fieldMessage(field, 'missing'));
    const amount = amountOf(raw);
    if (amount === undefined || (!opts.allowZero && /^0+\.00$/.test(amount)))
      return this.add(field, fieldMessage(field, 'invalid'));
    return amount;
  }

  /** A GOV.UK date input (day, month, year) as an ISO date; a real date, or an error on its day. */
  date(form: URLSearchParams, field: string, opts: { optional?: boolean } = {}): string | undefined {
    const parts = ['day', 'month', 'year'].map((p) => (form.get(`${field}-${p}`) ?? '').trim());
    if (parts.every((p) => p === ''))
      return opts.optional ? undefined : this.add(field, fieldMessage(field, 'missing'));
    const iso = isoDate(parts[0] ?? '', parts[1] ?? '', parts[2] ?? '');
    if (iso === undefined) return this.add(field, fieldMessage(field, 'invalid'));
    return iso < calendar.first || iso > calendar.last
      ? this.add(field, fieldMessage(field, 'outOfRange'))
      : iso;
  }

  /** One of the choices the page offered. */
  choice<T extends string>(form: URLSearchParams, field: string, allowed: readonly T[]): T | undefined {
    const v = (form.get(field) ?? '').trim();
    if (v === '') return this.add(field, fieldMessage(field, 'missing'));
    return (allowed as readonly string[]).includes(v)
      ? (v as T)
      : this.add(field, fieldMessage(field, 'missing'));
  }

  checked(form: URLSearchParams, field: string): boolean {
    if (form.get(field) === 'yes') return true;
    this.add(field, fieldMessage(field, 'missing'));
    return false;
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }
}

const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Day, month (a number or a name) and a four-digit year as an ISO date, if it is a real date. */
export function isoDate(day: string, month: string, year: string): string | undefined {
  const named = monthNames.indexOf(month.slice(0, 3).toLowerCase());
  const m = named >= 0 ? named + 1 : /^\d{1,2}$/.test(month) ? Number.parseInt(month, 10) : Number.NaN;
  if (!/^\d{1,2}$/.test(day) || !/^\d{4}$/.test(year)) return undefined;
  const d = Number.parseInt(day, 10);
  const y = Number.parseInt(year, 10);
  if (!(m >= 1 && m <= 12) || d < 1 || y < 1900 || y > 2200) return undefined;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > last) return undefined;
  return `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The ledger's calendar (DESIGN.md: dates lie within 2000-01-01 to 2099-12-31; domain/dates.ts,
 * which web/ does not import): a date outside it is said as such here, not as "not a real date".
 */
export const calendar = { first: '2000-01-01', last: '2099-12-31' } as const;

/** The ISO date some days after another (day arithmetic in UTC: these are dates, not instants). */
export const daysAfter = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `£1,250.5` → `1250.50`; undefined for anything that is not pounds and at most two pence digits. */
export function amountOf(raw: string): string | undefined {
  const v = raw.trim().replace(/^£\s*/, '').replaceAll(',', '').replace(/\s+/g, '');
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v);
  if (!m) return undefined;
  const pounds = (m[1] ?? '0').replace(/^0+(?=\d)/, '');
  return `${pounds}.${(m[2] ?? '').padEnd(2, '0')}`;
}
