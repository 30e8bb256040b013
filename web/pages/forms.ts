import type { Ctx } from '../context.js';

/** Reading forms: GOV.UK date inputs (three fields) into ISO dates, and the key the page was drawn with. */

export function dateFrom(form: URLSearchParams, name: string): string {
  const day = (form.get(`${name}-day`) ?? '').trim();
  const month = (form.get(`${name}-month`) ?? '').trim();
  const year = (form.get(`${name}-year`) ?? '').trim();
  if (!day && !month && !year) return '';
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
}

/** The date fields to show again after a refusal. */
export function dateParts(iso: string | undefined): { day: string; month: string; year: string } {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}

export const text = (form: URLSearchParams, name: string): string | undefined => {
  const v = (form.get(name) ?? '').trim();
  return v === '' ? undefined : v;
};

/** The Idempotency-Key the form was drawn with, so a double submit posts once. */
export const keyOf = (ctx: Ctx): string => ctx.req.form.get('idempotencyKey') ?? '';

/** An ISO date as a date input's three values, under the input's name (`from-day`, `from-month`…). */
export const datePartsOf = (name: string, iso: string): Record<string, string> =>
  Object.fromEntries(Object.entries(dateParts(iso)).map(([k, v]) => [`${name}-${k}`, v]));
