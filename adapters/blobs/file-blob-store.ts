import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, open, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStore, UploadForm, UploadRequest } from '../../domain/receipts/receipt.js';
import { sniffBytes, sniffType } from './sniff.js';

/**
 * Receipts as files under DATA_DIR for `npm start`, answering the same pre-signed POST as S3: the
 * form carries a policy (key, type, size limit, expiry, redirect) signed with a key kept beside
 * the files, and the local server (local/uploads.ts) accepts only a POST whose policy verifies.
 * Links are signed the same way and last as long as asked.
 */

export interface UploadPolicy {
  key: string;
  contentType: string;
  bytesMax: number;
  expires: number;
  redirect?: string | undefined;
}

const keyPattern = /^receipts\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}\/[A-Za-z0-9_-]{1,64}$/;

export class FileBlobStore implements BlobStore {
  private readonly secret: Buffer;

  constructor(
    private readonly dir: string,
    /** Prefix of the upload and link addresses: "" for the same origin as the page. */
    private readonly baseUrl = '',
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(dir, { recursive: true });
    const secretFile = join(dir, '.signing-key');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32), { mode: 0o600 });
    this.secret = readFileSync(secretFile);
  }

  private sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }

  private verify(text: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(text));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The file of a key, never outside the store's folder. */
  pathOf(key: string): string {
    if (!keyPattern.test(key)) throw new RangeError('not a receipt key');
    const path = resolve(this.dir, key);
    if (!path.startsWith(resolve(this.dir) + sep)) throw new RangeError('not a receipt key');
    return path;
  }

  async uploadForm(input: UploadRequest): Promise<UploadForm> {
    this.pathOf(input.key);
    const policy: UploadPolicy = {
      key: input.key,
      contentType: input.contentType,
      bytesMax: input.bytesMax,
      expires: this.now() + input.expiresSeconds * 1000,
      ...(input.redirect !== undefined ? { redirect: input.redirect } : {}),
    };
    const encoded = Buffer.from(JSON.stringify(policy)).toString('base64url');
    return {
      url: `${this.baseUrl}/uploads/receipts`,
      fields: {
        key: input.key,
        'Content-Type': input.contentType,
        ...(input.redirect !== undefined ? { success_action_redirect: input.redirect } : {}),
        policy: encoded,
        signature: this.sign(encoded),
      },
    };
  }

  /** The policy of a posted form, if it is one this store signed, unexpired and unaltered. */
  policyOf(fields: Record<string, string>): UploadPolicy | undefined {
    const { policy, signature } = fields;
    if (!policy || !signature || !this.verify(policy, signature)) return undefined;
    const parsed = JSON.parse(Buffer.from(policy, 'base64url').toString('utf8')) as UploadPolicy;
    if (parsed.expires < this.now()) return undefined;
    if (fields.key !== parsed.key || fields['Content-Type'] !== parsed.contentType) return undefined;
    if ((fields.success_action_redirect ?? undefined) !== parsed.redirect) return undefined;
    return parsed;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async head(key: string): Promise<{ bytes: number } | undefined> {
    try {
      return { bytes: (await stat(this.pathOf(key))).size };
    } catch {
      return undefined;
    }
  }

  async sniff(key: string): Promise<string | undefined> {
    const file = await open(this.pathOf(key), 'r');
    try {
      const buffer = Buffer.alloc(sniffBytes);
      const { bytesRead } = await file.read(buffer, 0, sniffBytes, 0);
      return sniffType(buffer.subarray(0, bytesRead));
    } finally {
      await file.close();
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async link(key: string, expiresSeconds: number): Promise<string> {
    const expires = String(this.now() + expiresSeconds * 1000);
    const signature = this.sign(`${key}\n${expires}`);
    const q = new URLSearchParams({ key, expires, signature });
    return `${this.baseUrl}/uploads/receipts?${q.toString()}`;
  }

  /** The file a link names, if the link is one this store signed and it has not expired. */
  linked(query: URLSearchParams): string | undefined {
    const key = query.get('key') ?? '';
    const expires = query.get('expires') ?? '';
    const signature = query.get('signature') ?? '';
    if (!/^[0-9]{1,15}$/.test(expires) || Number(expires) < this.now()) return undefined;
    if (!this.verify(`${key}\n${expires}`, signature)) return undefined;
    try {
      return this.pathOf(key);
    } catch {
      return undefined;
    }
  }
}
