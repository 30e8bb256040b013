// Proves the characters free text may not hold are named once: controls (line breaks only where
// allowed) and the characters that change how text reads without being seen.
import { describe, expect, it } from 'vitest';
import { hasControlCharacter, hasHiddenCharacter } from '../../domain/text.js';

describe('text', () => {
  it.each(['\u0000', '\u0007', '\u007f', '\u0085', '\u2028', '\u2029'])('refuses the control %j', (ch) => {
    expect(hasControlCharacter(`a${ch}b`, true)).toBe(true);
  });

  it('keeps tab and line breaks only where the text may break lines', () => {
    expect(hasControlCharacter('a\r\n\tb', true)).toBe(false);
    expect(hasControlCharacter('a\nb', false)).toBe(true);
  });

  it.each([
    '\u200b',
    '\u200d',
    '\u200e',
    '\u200f',
    '\u202e',
    '\u2060',
    '\u2066',
    '\u2069',
    '\ufeff',
    '\ud800',
  ])('finds the hidden character %j', (ch) => {
    expect(hasHiddenCharacter(`pay${ch}ee`)).toBe(true);
  });

  it('lets ordinary text through, accents and emoji included', () => {
    expect(hasHiddenCharacter('Zoë’s café 😀')).toBe(false);
    expect(hasControlCharacter('Zoë’s café 😀', false)).toBe(false);
  });
});
