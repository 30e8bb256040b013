import { Decimal } from 'decimal.js';
import { money, percent } from './format.js';

/**
 * Charts as inline SVG with the same figures in a table beside them (the table is what assistive
 * technology reads; the picture is hidden from it). Bar lengths come from decimal arithmetic.
 */

export interface Bar {
  label: string;
  value: string;
}

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function barChart(bars: readonly Bar[]): string {
  if (bars.length === 0) return '';
  const max = bars.reduce((m, b) => Decimal.max(m, new Decimal(b.value)), new Decimal(0)).toString();
  const rowHeight = 34;
  const rows = bars
    .map((b, i) => {
      const y = i * rowHeight;
      const width = percent(new Decimal(b.value).isNegative() ? '0' : b.value, max);
      return [
        `<text x="0" y="${y + 14}" class="app-chart__label">${escapeXml(b.label)}</text>`,
        `<rect x="0" y="${y + 18}" width="${width}%" height="12" class="app-chart__bar"></rect>`,
        `<text x="100%" y="${y + 14}" text-anchor="end" class="app-chart__value">${escapeXml(money(b.value))}</text>`,
      ].join('');
    })
    .join('');
  return `<svg class="app-chart" role="presentation" aria-hidden="true" focusable="false" width="100%" height="${bars.length * rowHeight}" xmlns="http://www.w3.org/2000/svg">${rows}</svg>`;
}

/** One bar of `part` against `whole`, e.g. spent against the allocation. */
export function progressBar(part: string, whole: string): string {
  const width = percent(part, whole);
  return `<svg class="app-chart" role="presentation" aria-hidden="true" focusable="false" width="100%" height="16" xmlns="http://www.w3.org/2000/svg"><rect x="0" y="0" width="100%" height="16" class="app-chart__track"></rect><rect x="0" y="0" width="${width}%" height="16" class="app-chart__bar"></rect></svg>`;
}
