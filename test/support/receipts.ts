import { deflateSync } from 'node:zlib';
import type { FileBlobStore } from '../../adapters/blobs/file-blob-store.js';
import { appDeps } from '../../functions/deps.js';
import type { Api, ApiResponse } from './api.js';

/** Receipts in tests (DESIGN.md section 11b): a real image, and the upload through the pre-signed form. */

/** A real 1×1 PNG: signature, IHDR, IDAT, IEND (each chunk with its CRC), as `file-type` sniffs it. */
export function png(): Buffer {
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
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])),
    chunk('IDAT', deflateSync(Buffer.from([0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A pre-signed upload form as the API hands it out. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

type Caller = (method: string, path: string, body?: unknown) => Promise<ApiResponse>;

/** Asks for a spend's receipt form: the answer, its form and the receipt's id. */
export async function askReceipt(
  caller: Caller,
  planId: string,
  spendId: string,
  body: { contentType: string; size: number; redirect?: string },
) {
  const asked = await caller('POST', `/v1/plans/${planId}/spends/${spendId}/receipts`, body);
  return { asked, form: asked.json.upload as UploadForm, receiptId: String(asked.json.receiptId) };
}

/** Posts a file straight to a pre-signed form, as a browser without JavaScript does (redirects not followed). */
export async function postToForm(api: Pick<Api, 'base'>, form: UploadForm, file: Buffer, type = 'image/png') {
  const body = new FormData();
  for (const [k, v] of Object.entries(form.fields)) body.append(k, v);
  body.append('file', new Blob([file], { type }), 'receipt');
  return fetch(api.base + form.url, { method: 'POST', body, redirect: 'manual' });
}

/** A PNG receipt for a spend: the form asked for and the file posted to it. */
export async function uploadReceipt(api: Pick<Api, 'base'>, caller: Caller, planId: string, spendId: string) {
  const file = png();
  const receipt = await askReceipt(caller, planId, spendId, { contentType: 'image/png', size: file.length });
  const uploaded = await postToForm(api, receipt.form, file);
  return { ...receipt, file, uploaded };
}

/** The local blob store behind the API (files under DATA_DIR), to look at what it keeps. */
export const localBlobs = (): Promise<FileBlobStore> =>
  (appDeps().blobs as unknown as { loaded: () => Promise<FileBlobStore> }).loaded();
