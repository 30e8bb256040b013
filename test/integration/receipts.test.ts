// Proves receipts over HTTP (DESIGN.md section 11b) with the local blob store: a pre-signed form,
// the file posted straight to it, its type sniffed from its bytes (an executable called a photo is
// 422 and nothing is kept), a stored receipt linked for 5 minutes and counted as evidence.
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileBlobStore } from '../../adapters/blobs/file-blob-store.js';
import { appDeps } from '../../functions/deps.js';
import { type Api, startApi } from '../support/api.js';
import { COUNCIL, spendInput } from '../support/section8.js';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.stop();
});

/** A real 1×1 PNG: signature, IHDR, IDAT, IEND. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
/** A Windows executable's first bytes: "MZ" and a DOS stub. */
const exe = () =>
  Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

async function post(form: { url: string; fields: Record<string, string> }, file: Buffer, type = 'image/png') {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append('file', new Blob([file], { type }), 'receipt');
  return fetch(api.base + form.url, { method: 'POST', body, redirect: 'manual' });
}

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
    const asked = await family('POST', `/v1/plans/${planId}/spends/${spendId}/receipts`, {
      contentType: 'image/png',
      size: file.length,
      redirect: `/plans/${planId}/spends/${spendId}`,
    });
    expect(asked.status).toBe(201);
    const form = asked.json.upload as { url: string; fields: Record<string, string> };
    const receiptId = String(asked.json.receiptId);
    const waiting = await family('GET', `/v1/plans/${planId}/spends/${spendId}/receipts/${receiptId}`);
    expect(waiting.json).toMatchObject({ status: 'waiting' });
    const uploaded = await post(form, file);
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
    const asked = await family('POST', `/v1/plans/${planId}/spends/${spendId}/receipts`, {
      contentType: 'image/jpeg',
      size: file.length,
    });
    const form = asked.json.upload as { url: string; fields: Record<string, string> };
    const uploaded = await post(form, file, 'image/jpeg');
    expect(uploaded.status).toBe(422);
    expect(((await uploaded.json()) as { code: string }).code).toBe('RECEIPT_TYPE_MISMATCH');
    const store = await (appDeps().blobs as unknown as { loaded: () => Promise<FileBlobStore> }).loaded();
    expect(await store.head(form.fields.key as string)).toBeUndefined();
    const read = await family(
      'GET',
      `/v1/plans/${planId}/spends/${spendId}/receipts/${asked.json.receiptId}`,
    );
    expect(read.json.status).toBe('waiting');
  });

  it('reject and delete a blob found not to be its declared type (as S3 would hold it)', async () => {
    const { planId, family, spendId } = await paidSpend();
    const asked = await family('POST', `/v1/plans/${planId}/spends/${spendId}/receipts`, {
      contentType: 'application/pdf',
      size: 300,
    });
    const key = (asked.json.upload as { fields: Record<string, string> }).fields.key as string;
    const store = await (appDeps().blobs as unknown as { loaded: () => Promise<FileBlobStore> }).loaded();
    await store.put(key, exe());
    const read = await family(
      'GET',
      `/v1/plans/${planId}/spends/${spendId}/receipts/${asked.json.receiptId}`,
    );
    expect(read.json).toMatchObject({ status: 'rejected' });
    expect(read.json.link).toBeUndefined();
    expect(await store.head(key)).toBeUndefined();
  });

  it('refuse a file past its declared size, an altered form, other types, and other families', async () => {
    const { planId, family, spendId } = await paidSpend();
    const path = `/v1/plans/${planId}/spends/${spendId}/receipts`;
    const asked = await family('POST', path, { contentType: 'image/png', size: 10 });
    const form = asked.json.upload as { url: string; fields: Record<string, string> };
    expect((await post(form, png())).status).toBe(413);
    const altered = { ...form, fields: { ...form.fields, 'Content-Type': 'application/pdf' } };
    const alteredAnswer = await post(altered, png(), 'application/pdf');
    expect(alteredAnswer.status).toBe(403);
    expect(((await alteredAnswer.json()) as { code: string }).code).toBe('FORBIDDEN');
    for (const body of [
      { contentType: 'application/x-msdownload', size: 10 },
      { contentType: 'image/png', size: 10 * 1024 * 1024 + 1 },
      { contentType: 'image/png', size: 0 },
      { contentType: 'image/png', size: 10, redirect: 'https://evil.example/' },
    ]) {
      const r = await family('POST', path, body);
      expect([JSON.stringify(body), r.status]).toEqual([JSON.stringify(body), 400]);
    }
    const stranger = await api.as('family', COUNCIL, ['another-plan']);
    expect((await stranger('POST', path, { contentType: 'image/png', size: 10 })).status).toBe(404);
    expect((await stranger('GET', `${path}/${asked.json.receiptId}`)).status).toBe(404);
  });
});
