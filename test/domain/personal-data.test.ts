import { describe, expect, it } from 'vitest';
import { answerMarker, erasedValue, joinAnswer, splitAnswer } from '../../domain/personal-data.js';

/** A stored answer keeps no personal values, and replays the same answer from its split fields. */
describe('splitAnswer and joinAnswer', () => {
  const answer = {
    planId: 'p1',
    spend: { payee: 'Ann Smith', amount: '12.50', lines: [{ memo: 'for Sam', n: 1 }] },
    'a/b~c': { reason: 'moved house' },
    note: null,
  };

  it('takes every personal string out, at any depth, by its JSON pointer', () => {
    const { kept, fields } = splitAnswer(answer);
    expect(JSON.stringify(kept)).not.toMatch(/Ann Smith|for Sam|moved house/);
    expect(kept).toMatchObject({
      spend: { payee: answerMarker, amount: '12.50', lines: [{ memo: answerMarker }] },
    });
    expect(fields).toEqual({
      '/spend/payee': 'Ann Smith',
      '/spend/lines/0/memo': 'for Sam',
      '/a~1b~0c/reason': 'moved house',
    });
  });

  it('joins the fields back into the same answer, or their erased values after disposal', () => {
    const { kept, fields } = splitAnswer(answer);
    expect(joinAnswer(kept, fields)).toEqual(answer);
    const erased = Object.fromEntries(Object.keys(fields ?? {}).map((k) => [k, erasedValue]));
    expect(joinAnswer(kept, erased)).toMatchObject({
      spend: { payee: erasedValue, lines: [{ memo: erasedValue }] },
    });
  });

  it('leaves an answer with no personal field as it is, with no fields', () => {
    expect(splitAnswer({ planId: 'p1', amount: '1.00' })).toEqual({
      kept: { planId: 'p1', amount: '1.00' },
      fields: undefined,
    });
  });
});
