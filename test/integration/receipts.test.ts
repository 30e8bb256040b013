// Proves receipts over HTTP (DESIGN.md section 11b) with the local blob store: a pre-signed form,
// the file posted straight to it, its type sniffed from its bytes (an executable called a photo is
// 422 and nothing is kept; a browser's form goes back to its page, which reads it rejected), a
// stored receipt linked for 5 minutes and counted as evidence.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, startApi } from '../support/api.js';
import { askReceipt, localBlobs, png, postToForm } from '../support/receipts.js';
import { COUNCIL, spendInput } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

/** A Windows executable's first bytes: "MZ" and a DOS stub. */
const exe = () =>
  Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

async function paidSpend() {
  const { planId, family } = await api.section8Plan('2026-06-30');
  const { evidence: _e, ...unevidenced } = spendInput();
  const spend = await family('POST', `/v1/plans/${planId}/spends`, unevidenced);
  return { planId, family, spendId: String(spend.json.spendId) };
}

describe('receipts', () => {
  it('are uploaded to the pre-signed form, stored when the bytes are what was said, and become evidence', {
    timeout: 120_000,
  }, async () => {
    const { planId, family, spendId } = await paidSpend();
    const officer = await api.as('council_officer', COUNCIL);
    const monitoring = async () =>
      (
        (await officer('GET', `/v1/councils/${COUNCIL}/monitoring-returns?quarter=2026-Q1`)).json
          .items as Array<{
          planId: string;
          potId: string;
          spendsWithoutEvidence: string[];
        }>
      ).find((i) => i.planId === planId && i.potId === 'SC')?.spendsWithoutEvidence;
    expect(await monitoring()).toEqual([spendId]);
    const file = png();
    const { asked, form, receiptId } = await askReceipt(family, planId, spendId, {
      contentType: 'image/png',
      size: file.length,
      redirect: `/plans/${planId}/spends/${spendId}`,
    });
    expect(asked.status).toBe(201);
    const waiting = await family('GET', `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    expect(waiting.json).toMatchObject({ status: 'waiting' });
    const uploaded = await postToForm(api, form, file);
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.get('location')).toContain(
      `/plans/${planId}/spends/${spendId}?bucket=local&key=`,
    );
    const stored = await family('GET', `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    expect(stored.json).toMatchObject({ status: 'stored', contentType: 'image/png' });
    const link = await fetch(api.base + String(stored.json.link));
    expect(Buffer.from(await link.arrayBuffer()).equals(file)).toBe(true);
    expect(await monitoring()).toEqual([]);
    const spend = await family('GET', `/v1/plans/${planId}/spends/${spendId}`);
    expect(spend.json.evidence).toBe(`receipt ${receiptId}`);
  });

  it('refuse an executable called a photo with 422 and keep nothing', async () => {
    const { planId, family, spendId } = await paidSpend();
    const file = exe();
    const { asked, form } = await askReceipt(family, planId, spendId, {
      contentType: 'image/jpeg',
      size: file.length,
    });
    const uploaded = await postToForm(api, form, file, 'image/jpeg');
    expect(uploaded.status).toBe(422);
    expect(((await uploaded.json()) as { code: string }).code).toBe('RECEIPT_TYPE_MISMATCH');
    const store = await localBlobs();
    expect(await store.head(form.fields.key as string)).toBeUndefined();
    const read = await family(
      'GET',
      `/v1/plans/${planId}/spends/${spendId}/receipts/${asked.json.receiptId}`,
    );
    expect(read.json.status).toBe('waiting');
  });

  it("send a browser's form back to the page with a wrong file, which then reads rejected", async () => {
    // The web's receipt form posts here without JavaScript: a screenshot chosen as a photo got
    // this server's problem+json in the browser. S3 takes the bytes and redirects; the first read
    // sniffs them, rejects and deletes them, and the page says so.
    const { planId, family, spendId } = await paidSpend();
    const file = exe();
    const { form, receiptId } = await askReceipt(family, planId, spendId, {
      contentType: 'image/jpeg',
      size: file.length,
      redirect: `/plans/${planId}/spends/${spendId}/receipt`,
    });
    const uploaded = await postToForm(api, form, file, 'image/jpeg');
    expect(uploaded.status).toBe(303);
    expect(uploaded.headers.get('location')).toContain(
      `/plans/${planId}/spends/${spendId}/receipt?bucket=local`,
    );
    const read = await family('GET', `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    expect(read.json).toMatchObject({ status: 'rejected' });
    expect(await (await localBlobs()).head(form.fields.key as string)).toBeUndefined();
  });

  it('reject and delete a blob found not to be its declared type (as S3 would hold it)', async () => {
    const { planId, family, spendId } = await paidSpend();
    const { form, receiptId } = await askReceipt(family, planId, spendId, {
      contentType: 'application/pdf',
      size: 300,
    });
    const key = form.fields.key as string;
    const store = await localBlobs();
    await store.put(key, exe());
    const read = await family('GET', `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    expect(read.json).toMatchObject({ status: 'rejected' });
    expect(read.json.link).toBeUndefined();
    expect(await store.head(key)).toBeUndefined();
  });

  it('refuse a file past its declared size, an altered form, other types, and other families', async () => {
    const { planId, family, spendId } = await paidSpend();
    const path = `/v1/plans/${planId}/spends/${spendId}/receipts`;
    const { form, receiptId } = await askReceipt(family, planId, spendId, {
      contentType: 'image/png',
      size: 10,
    });
    expect((await postToForm(api, form, png())).status).toBe(413);
    const altered = { ...form, fields: { ...form.fields, 'Content-Type': 'application/pdf' } };
    const alteredAnswer = await postToForm(api, altered, png(), 'application/pdf');
    expect(alteredAnswer.status).toBe(403);
    expect(((await alteredAnswer.json()) as { code: string }).code).toBe('FORBIDDEN');
    for (const body of [
      { contentType: 'application/x-msdownload', size: 10 },
      { contentType: 'image/png', size: 10 * 1024 * 1024 + 1 },
      { contentType: 'image/png', size: 0 },
      { contentType: 'image/png', size: 10, redirect: 'https://evil.example/' },
      // A path that starts with two slashes is another site to a browser (protocol-relative).
      { contentType: 'image/png', size: 10, redirect: '//evil.example/x' },
    ]) {
      const r = await family('POST', path, body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    }
    const stranger = await api.as('family', COUNCIL, ['another-plan']);
    expect((await stranger('POST', path, { contentType: 'image/png', size: 10 })).status).toBe(404);
    expect((await stranger('GET', `${path}/${receiptId}`)).status).toBe(404);
  });
});
