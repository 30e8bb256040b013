import { can } from '../access.js';
import type { Pot, Spend } from '../model.js';
import { erasedValue } from '../personal-data.js';
import type { Write } from '../ports.js';
import {
  type BlobStore,
  linkSeconds,
  matchesDeclared,
  type Receipt,
  type ReceiptType,
  receiptBytesMax,
  type UploadForm,
  uploadSecondsMax,
} from '../receipts/receipt.js';
import {
  actorRef,
  type CommandOutcome,
  type Deps,
  forbidden,
  notFound,
  type RequestContext,
  runCommand,
} from './context.js';
import { evidenceWrites, loadSpend } from './spends.js';
import { commitUnit, put } from './unit.js';

/**
 * Receipts (DESIGN.md section 11b): the holder or a member asks for an upload form, the browser
 * sends the file straight to storage, and the first read afterwards sniffs its bytes: a file of
 * the declared type is stored and becomes the spend's evidence; anything else (an executable
 * called a photo) is deleted and the receipt answers `rejected`.
 */

export interface ReceiptRequest {
  contentType: ReceiptType;
  size: number;
  /** Where the browser returns after the upload: a path of this service (the web app's page). */
  redirect?: string | undefined;
}

export interface ReceiptUpload {
  receiptId: string;
  upload: UploadForm;
}

export interface ReceiptView {
  receiptId: string;
  spendId: string;
  contentType: string;
  status: Receipt['status'];
  link?: string | undefined;
  linkExpiresAt?: string | undefined;
}

const blobsOf = (deps: Deps): BlobStore => {
  if (!deps.blobs)
    throw new Error('no blob store is configured for receipts (RECEIPTS_BUCKET or RECEIPTS_DIR)');
  return deps.blobs;
};

export async function requestReceipt(
  deps: Deps,
  ctx: RequestContext,
  planId: string,
  spendId: string,
  input: ReceiptRequest,
): Promise<CommandOutcome<ReceiptUpload>> {
  return runCommand<ReceiptUpload>(deps, ctx, async () => {
    const { loaded, spend, pot } = await loadSpend(deps, ctx, planId, spendId);
    if (!can(ctx.actor, 'spend:account', { kind: 'pot', plan: loaded.plan, pot }))
      throw forbidden('add receipts to this spend');
    const receiptId = deps.ids.next();
    const key = `receipts/${planId}/${spend.spendId}/${receiptId}`;
    const upload = await blobsOf(deps).uploadForm({
      key,
      contentType: input.contentType,
      bytesMax: Math.min(input.size, receiptBytesMax),
      expiresSeconds: uploadSecondsMax,
      redirect: input.redirect,
    });
    const receipt: Receipt = {
      planId,
      spendId,
      receiptId,
      key,
      contentType: input.contentType,
      size: input.size,
      status: 'waiting',
      createdAt: deps.clock.now().toISOString(),
      createdBy: actorRef(ctx.actor),
      version: 0,
    };
    return { unit: { writes: [put({ type: 'receipt', receipt })] }, result: { receiptId, upload } };
  });
}

export async function readReceipt(
  deps: Deps,
  ctx: Pick<RequestContext, 'actor'>,
  planId: string,
  spendId: string,
  receiptId: string,
): Promise<ReceiptView> {
  const { spend, pot } = await loadSpend(deps, ctx, planId, spendId);
  let receipt = await deps.store.getReceipt(planId, receiptId);
  if (!receipt || receipt.spendId !== spendId) throw notFound(`receipt ${receiptId}`);
  if (receipt.status === 'waiting' && receipt.erasedAt === undefined)
    receipt = await check(deps, receipt, spend, pot);
  const view: ReceiptView = {
    receiptId,
    spendId,
    contentType: receipt.contentType,
    status: receipt.status,
  };
  // A disposed plan's receipt has no file any more: no link.
  if (receipt.status === 'stored' && receipt.erasedAt === undefined) {
    view.link = await blobsOf(deps).link(receipt.key, linkSeconds);
    view.linkExpiresAt = new Date(deps.clock.now().getTime() + linkSeconds * 1000).toISOString();
  }
  return view;
}

/**
 * A waiting receipt whose file has arrived: kept when its bytes are the declared type (and made
 * the spend's evidence if it had none), deleted and rejected otherwise. Its version holds the
 * decision: two readers racing write it once.
 */
async function check(deps: Deps, receipt: Receipt, spend: Spend, pot: Pot): Promise<Receipt> {
  const blobs = blobsOf(deps);
  const found = await blobs.head(receipt.key);
  if (!found) return receipt;
  const sniffed = await blobs.sniff(receipt.key);
  const ok = matchesDeclared(receipt.contentType, sniffed) && found.bytes <= receiptBytesMax;
  if (!ok) await blobs.remove(receipt.key);
  const next: Receipt = {
    ...receipt,
    status: ok ? 'stored' : 'rejected',
    ...(ok ? {} : { sniffed: sniffed ?? 'unknown' }),
    checkedAt: deps.clock.now().toISOString(),
    version: receipt.version + 1,
  };
  const writes: Write[] = [
    {
      kind: 'replace_if_version',
      record: { type: 'receipt', receipt: next },
      expectedVersion: receipt.version,
    },
  ];
  if (ok && spend.status === 'paid' && spend.evidence === undefined)
    writes.push(
      ...evidenceWrites(deps, receipt.createdBy, spend, pot, `receipt ${receipt.receiptId}`, {
        receiptId: receipt.receiptId,
      }).writes,
    );
  const outcome = await commitUnit(deps, { writes });
  if (!outcome.ok) {
    // Someone else decided first (or the spend moved): read what they decided.
    return (await deps.store.getReceipt(receipt.planId, receipt.receiptId)) ?? receipt;
  }
  return next;
}

/** The ids of a plan's spends with a stored receipt: evidence for monitoring. */
export async function spendsWithReceipts(deps: Deps, planId: string): Promise<Set<string>> {
  return new Set(
    (await deps.store.listReceipts(planId)).filter((r) => r.status === 'stored').map((r) => r.spendId),
  );
}

/**
 * Disposal of a plan's receipts (section 11d): each file is deleted from the blob store, then its
 * record's key is erased (`"[erased]"`, with `erasedAt`); ids, type, size and status are kept, so
 * the evidence counts read the same. Idempotent: a run cut short between the two is finished by
 * the next (deleting a missing file is no error). Answers how many files it deleted.
 */
export async function disposeReceipts(deps: Deps, planId: string): Promise<number> {
  const due = (await deps.store.listReceipts(planId)).filter((r) => r.erasedAt === undefined);
  if (due.length === 0) return 0;
  const blobs = blobsOf(deps);
  const at = deps.clock.now().toISOString();
  for (const receipt of due) {
    await blobs.remove(receipt.key);
    const outcome = await commitUnit(deps, {
      writes: [
        {
          kind: 'replace_if_version',
          record: {
            type: 'receipt',
            receipt: { ...receipt, key: erasedValue, erasedAt: at, version: receipt.version + 1 },
          },
          expectedVersion: receipt.version,
        },
      ],
    });
    if (!outcome.ok) throw outcome.error;
  }
  return due.length;
}
