import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import busboy from 'busboy';
import { FileBlobStore } from '../adapters/blobs/file-blob-store.js';
import { sniffBytes, sniffType } from '../adapters/blobs/sniff.js';
import { HttpProblemError, problemOf } from '../contract/problems.js';
import { DomainError } from '../domain/errors.js';
import { matchesDeclared, type ReceiptType } from '../domain/receipts/receipt.js';
import { appDeps } from '../functions/deps.js';

/**
 * The local stand-in for S3's pre-signed POST (`npm start`): a multipart form whose signed policy
 * names the key, type, size limit and redirect. The file is read with `busboy`, refused past its
 * limit (413), sniffed from its bytes and refused when it is not the declared type (422, nothing
 * kept; a form with `success_action_redirect` is a browser's, kept and sent on as S3 would, for the
 * first read to reject), then written under DATA_DIR; the browser is sent on to its redirect. A
 * signed link (`GET /uploads/receipts?key=…`) serves the file for as long as it was signed.
 */

async function fileStore(): Promise<FileBlobStore | undefined> {
  const blobs = appDeps().blobs as { loaded?: () => Promise<unknown> } | undefined;
  const store = await blobs?.loaded?.();
  return store instanceof FileBlobStore ? store : undefined;
}

function refuse(res: ServerResponse, error: HttpProblemError | DomainError): void {
  const body = problemOf(error, 'upload');
  res.writeHead(body.status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify(body));
}

export async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const store = await fileStore();
  if (!store) {
    refuse(res, new HttpProblemError('ROUTE_NOT_FOUND', 'no local receipt store'));
    return;
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET') {
    const path = store.linked(url.searchParams);
    if (!path) {
      refuse(res, new HttpProblemError('ROUTE_NOT_FOUND', 'the link is not valid or has expired'));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(path).pipe(res);
    return;
  }
  if (req.method !== 'POST') {
    refuse(res, new HttpProblemError('METHOD_NOT_ALLOWED', 'POST a form or GET a link'));
    return;
  }
  const fields: Record<string, string> = {};
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  let sawFile = false;
  let limit = 0;
  let policyBad = false;
  try {
    await new Promise<void>((resolve, reject) => {
      const bb = busboy({ headers: req.headers, limits: { files: 1, fields: 20, fieldSize: 8_192 } });
      bb.on('field', (name, value) => {
        fields[name] = value;
      });
      bb.on('file', (_name, stream) => {
        sawFile = true;
        // Fields come before the file (as S3 requires): the policy says how much to take.
        const policy = store.policyOf(fields);
        if (!policy) {
          policyBad = true;
          stream.resume();
          return;
        }
        limit = policy.bytesMax;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limit) tooLarge = true;
          else chunks.push(chunk);
        });
      });
      bb.on('close', () => resolve());
      bb.on('error', reject);
      req.pipe(bb);
    });
  } catch {
    refuse(res, new DomainError('VALIDATION_FAILED', 'the upload is not a multipart form'));
    return;
  }
  const policy = store.policyOf(fields);
  if (policyBad || !policy || !sawFile) {
    // As S3 answers a form whose policy or signature does not hold (AccessDenied): 403, not a
    // complaint about the body's media type.
    refuse(
      res,
      new HttpProblemError('FORBIDDEN', 'the form is not one this service signed, or it has expired'),
    );
    return;
  }
  if (tooLarge || size === 0) {
    refuse(res, new HttpProblemError('PAYLOAD_TOO_LARGE', `the file must be 1 to ${limit} bytes`));
    return;
  }
  const bytes = Buffer.concat(chunks);
  const sniffed = await sniffType(bytes.subarray(0, sniffBytes));
  const declared = policy.contentType as ReceiptType;
  // A browser's form (it names a redirect) is sent back as S3 would send it, the bytes kept for the
  // first read to sniff, reject and delete (domain/app/receipts.ts): its page then says the file
  // was not taken, where a 422 here would show the browser raw problem+json.
  if (!matchesDeclared(declared, sniffed) && !policy.redirect) {
    refuse(
      res,
      new DomainError(
        'RECEIPT_TYPE_MISMATCH',
        `the file is ${sniffed ?? 'of no known type'}, not ${declared}`,
      ),
    );
    return;
  }
  await store.put(policy.key, bytes);
  if (policy.redirect) {
    // As S3 does: the bucket, key and ETag on the redirect, so the page knows which receipt came.
    const q = new URLSearchParams({ bucket: 'local', key: policy.key, etag: '"local"' });
    res.writeHead(303, {
      location: `${policy.redirect}${policy.redirect.includes('?') ? '&' : '?'}${q.toString()}`,
    });
    res.end();
    return;
  }
  res.writeHead(204);
  res.end();
}
