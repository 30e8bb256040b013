/**
 * The BACS character set (DESIGN.md 11b): A–Z, 0–9, `.`, `&`, `/`, `-` and space. Text is
 * upper-cased and accents are transliterated (é → E, ß → SS); every other character becomes a
 * space or a word of the set, never silently dropped, so `O'Brien` is `O BRIEN` and `£` is `GBP`.
 */

export const bacsCharacters = /^[A-Z0-9.&/\- ]*$/;
/** A payment reference carries at most 18 characters. */
export const referenceMax = 18;

/** Letters that Unicode decomposition does not reduce to A–Z. */
const special: Record<string, string> = {
  ß: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Ø: 'O',
  ø: 'O',
  Œ: 'OE',
  œ: 'OE',
  Ð: 'D',
  ð: 'D',
  Þ: 'TH',
  þ: 'TH',
  Ł: 'L',
  ł: 'L',
  Đ: 'D',
  đ: 'D',
  ı: 'I',
  '£': 'GBP',
  '€': 'EUR',
  '+': '&',
  '@': ' AT ',
  '–': '-',
  '—': '-',
  '‐': '-',
  _: '-',
  '\\': '/',
  ',': '.',
  ':': '.',
  ';': '.',
};

/**
 * Text in the BACS set: upper case, accents transliterated, every other character a space (runs
 * of spaces collapse, ends trimmed); cut to `max` characters when given.
 */
export function toBacs(text: string, max?: number): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const mapped = special[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    // Accents: decompose, keep the base letter.
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase();
    out += [...base].map((c) => (/^[A-Z0-9.&/\- ]$/.test(c) ? c : ' ')).join('');
  }
  const cleaned = out.replace(/\s+/g, ' ').trim();
  return max === undefined ? cleaned : cleaned.slice(0, max).trimEnd();
}

/** A payment reference: the BACS set, at most 18 characters. */
export const bacsReference = (text: string): string => toBacs(text, referenceMax);
