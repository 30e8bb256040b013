import { councilReconciliation } from '../domain/app/reconciliations.js';
import { councilMonitoringReturns } from '../domain/app/reports.js';
import { addMonths, quarterOf } from '../domain/dates.js';
import type { Actor } from '../domain/model.js';
import { pageLimitMax } from '../domain/ports.js';
import { app, appDeps } from './deps.js';
import { toCsv } from './http/csv.js';
import { logger } from './http/logger.js';
import { loadOnce } from './load-once.js';

/**
 * The monthly export of one council (the dispatcher sends one job per council): the reconciliation
 * and the monitoring returns of the last completed quarter, as JSON and CSV files in the exports
 * bucket. Same report code as the API.
 */

/** Loaded on the first export, not at the cold start of every scheduled worker. */
const s3 = loadOnce(async () => {
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  return { client: new S3Client({}), PutObjectCommand };
});

function bucket(): string {
  const name = app().config.exportsBucket;
  if (!name) throw new Error('missing required environment variable EXPORTS_BUCKET');
  return name;
}

const put = async (key: string, body: string, contentType: string) => {
  const { client, PutObjectCommand } = await s3();
  return client.send(
    new PutObjectCommand({
      Bucket: bucket(),
      Key: key,
      Body: body,
      ContentType: contentType,
      ServerSideEncryption: 'AES256',
    }),
  );
};

/** One council's monthly export: its reconciliation (JSON and CSV) and last quarter's monitoring returns. */
export async function exportCouncil(councilId: string, asOf: string): Promise<number> {
  const deps = appDeps();
  const month = asOf.slice(0, 7);
  const lastQuarter = quarterOf(addMonths(asOf, -3));
  // The exporter reads as the council's auditor would: read-only, one council.
  const actor: Actor = { sub: 'exporter', role: 'auditor', org: councilId, plans: [] };
  // The stored monthly result reads every pot, so it names any pot that disagrees (issue 10).
  const rec = await councilReconciliation(deps, actor, councilId, {}, { verify: 'pots' });
  const prefix = `councils/${councilId}/${month}`;
  await put(`${prefix}/reconciliation.json`, JSON.stringify(rec, null, 2), 'application/json');
  await put(
    `${prefix}/reconciliation.csv`,
    toCsv(
      [
        'funderId',
        'stream',
        'mode',
        'pots',
        'allocated',
        'unreleased',
        'available',
        'committed',
        'spent',
        'recovered',
      ],
      [
        ...(rec.rows as unknown as Array<Record<string, unknown>>),
        { funderId: 'TOTAL', pots: rec.pots, ...rec.totals },
      ],
    ),
    'text/csv',
  );
  const returns = [];
  let cursor: string | undefined;
  for (let page = 0; page < exportPagesMax; page++) {
    const found = await councilMonitoringReturns(deps, actor, councilId, lastQuarter, {
      limit: pageLimitMax,
      cursor,
    });
    returns.push(...found.items);
    cursor = found.next ?? undefined;
    if (!cursor) break;
  }
  await put(
    `${prefix}/monitoring-returns-${lastQuarter}.json`,
    JSON.stringify(returns, null, 2),
    'application/json',
  );
  logger().info('council export written', { councilId, month, files: 3 });
  return 3;
}

/** Pages of monitoring returns one council's export reads at most (100 per page). */
export const exportPagesMax = 1_000;
