/**
 * Characters free text may not hold (DESIGN.md section 11a), written once for every reader of text.
 * Control characters (and the line and paragraph separators) are refused, except that a text which
 * may break lines keeps tab, line feed and carriage return.
 */
const controlCharacter = /[\p{Cc}\u2028\u2029]/u;
const lineBreak = /^[\n\r\t]$/;
export const hasControlCharacter = (value: string, allowLineBreaks: boolean): boolean =>
  [...value].some((ch) => controlCharacter.test(ch) && !(allowLineBreaks && lineBreak.test(ch)));

/**
 * Characters that change how text reads without being seen: bidirectional overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069) and marks (U+200E, U+200F), zero-width characters (U+200B–U+200D,
 * U+2060, U+FEFF), and lone surrogates, which no UTF-8 can carry.
 */
const hiddenCharacter = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]|\p{Cs}/u;
export const hasHiddenCharacter = (value: string): boolean => hiddenCharacter.test(value);
