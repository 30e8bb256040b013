// Proves `npm start`'s web app answers a form it cannot read as the Lambda does (web/lambda.ts):
// 400 "The form could not be read.", never the local adapter's problem+json 500. A multipart body
// cut off before its closing boundary, or one without a boundary, made busboy fail and the
// statement form answered {"title":"Internal error","detail":"adapter error"}.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';

let api: Api;
beforeAll(async () => {
  api = await startApi({}, { web: true });
});
afterAll(async () => {
  await api?.stop();
});

const post = async (path: string, contentType: string, body: string) => {
  const res = await fetch(api.base + path, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': contentType },
    body,
  });
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

describe('a web form that cannot be read', () => {
  it('is 400 with plain words when its multipart body is cut off or has no boundary', async () => {
    // Prepare
    const cut = '--zzz\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\nabc\r\n--zzz\r\nbroken';
    // Act
    const answers = [
      await post('/plans/P1/pots/SC/statements', 'multipart/form-data; boundary=zzz', cut),
      await post('/plans/P1/pots/SC/statements', 'multipart/form-data', 'no boundary at all'),
    ];
    // Assess
    for (const a of answers) {
      expect(a.status).toBe(400);
      expect(a.type).toContain('text/plain');
      expect(a.text).toBe('The form could not be read.');
    }
  });
});
