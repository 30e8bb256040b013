import type { ActorRef } from '../model.js';

/**
 * Receipts (DESIGN.md section 11b): a photo or PDF of what a spend bought, uploaded straight to
 * storage by a pre-signed POST (nothing large passes through a Lambda), its type sniffed from its
 * bytes once it is there. A receipt is personal data (section 11d): its record is an item of its
 * own keyed by plan, and disposal deletes the blob with it.
 */

export const receiptTypes = ['image/jpeg', 'image/png', 'image/heic', 'application/pdf'] as const;
export type ReceiptType = (typeof receiptTypes)[number];
export const receiptBytesMax = 10 * 1024 * 1024;
/** How long a pre-signed upload form and a download link last. */
export const uploadSecondsMax = 15 * 60;
export const linkSeconds = 5 * 60;

export type ReceiptStatus = 'waiting' | 'stored' | 'rejected';

export interface Receipt {
  planId: string;
  spendId: string;
  receiptId: string;
  /** Where the blob lives in the blob store. */
  key: string;
  contentType: ReceiptType;
  size: number;
  status: ReceiptStatus;
  /** What the bytes turned out to be, when they were not what was declared. */
  sniffed?: string | undefined;
  createdAt: string;
  createdBy: ActorRef;
  checkedAt?: string | undefined;
  /**
   * When disposal deleted its file (section 11d): `key` then reads `"[erased]"`; the record keeps
   * its ids, type, size and status, so evidence counts and reports read the same.
   */
  erasedAt?: string | undefined;
  version: number;
}

/** Types the sniffer may name for each declared type (HEIC photos are also reported as HEIF). */
export const acceptedAs: Record<ReceiptType, readonly string[]> = {
  'image/jpeg': ['image/jpeg'],
  'image/png': ['image/png'],
  'image/heic': ['image/heic', 'image/heif', 'image/heic-sequence', 'image/heif-sequence'],
  'application/pdf': ['application/pdf'],
};

/** Whether sniffed bytes are the declared type (a type the ledger does not take never matches). */
export const matchesDeclared = (declared: ReceiptType, sniffed: string | undefined): boolean =>
  sniffed !== undefined && (acceptedAs[declared] ?? []).includes(sniffed);

/** An upload form: where to POST and the fields to send before the file. */
export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

/** What an upload form is signed for. */
export interface UploadRequest {
  key: string;
  contentType: string;
  bytesMax: number;
  expiresSeconds: number;
  /** Where the browser goes after a successful upload (`success_action_redirect`). */
  redirect?: string | undefined;
}

/**
 * Where receipts are kept: S3 (KMS-encrypted) in AWS, files under DATA_DIR for `npm start`.
 * The store signs forms and links; it never decides what a receipt is worth.
 */
export interface BlobStore {
  uploadForm(input: UploadRequest): Promise<UploadForm>;
  /** The blob's size, or undefined when nothing was uploaded yet. */
  head(key: string): Promise<{ bytes: number } | undefined>;
  /** The media type read from the blob's first bytes (magic numbers), or undefined. */
  sniff(key: string): Promise<string | undefined>;
  remove(key: string): Promise<void>;
  link(key: string, expiresSeconds: number): Promise<string>;
}
