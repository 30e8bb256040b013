// Proves the scheduled fan-out on DynamoDB Local: one message per council shard, each worker message
// posts its shard's instalments, and redelivered messages post nothing twice; expiry voids stale approvals.
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduledRunId } from '../../domain/app/instalments.js';
import { shardCount } from '../../domain/shards.js';
import { appDeps } from '../../functions/deps.js';
import { dispatch, instalmentWorker, type JobMessage, jobWorker } from '../../functions/scheduled.js';
import { type Api, startApi } from '../support/api.js';
import { agreementInput, COUNCIL, planInput, spendInput } from '../support/section8.js';

const sqs = mockClient(SQSClient);
const s3 = mockClient(S3Client);
let api: Api;
beforeAll(async () => {
  api = await startApi({
    instalmentQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/000000000000/shards',
    jobQueueUrl: 'https://sqs.eu-west-2.amazonaws.com/000000000000/jobs',
    exportsBucket: 'exports-test',
  });
});
afterAll(async () => {
  sqs.restore();
  s3.restore();
  await api?.stop();
});

const context = { awsRequestId: 'scheduled-1' } as Context;
const jobEvent = (jobs: JobMessage[]): SQSEvent => ({
  Records: jobs.map(
    (j, i) => ({ messageId: `j${i}`, body: JSON.stringify(j) }) as SQSEvent['Records'][number],
  ),
});

describe('scheduled instalments', () => {
  it('fans out per council shard and posts each instalment once, however often messages arrive', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const planIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const plan = await officer('POST', '/v1/plans', planInput());
      planIds.push(String(plan.json.planId));
      await api.budget(officer, String(plan.json.planId));
    }
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const dispatched = await dispatch({ job: 'instalments', upTo: '2026-06-30' });
    expect(dispatched).toEqual({ job: 'instalments', messages: shardCount });
    const bodies = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap((c) => c.args[0].input.Entries?.map((e) => e.MessageBody ?? '') ?? []);
    expect(bodies).toHaveLength(shardCount);
    const event: SQSEvent = {
      Records: bodies.map((body, i) => ({ messageId: `m${i}`, body }) as SQSEvent['Records'][number]),
    };
    expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
    expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
    for (const planId of planIds) {
      const plan = await officer('GET', `/v1/plans/${planId}`);
      const pots = plan.json.pots as Array<{ potId: string; available: string }>;
      expect(pots.find((p) => p.potId === 'SC')?.available).toBe('1538.48');
      expect(pots.find((p) => p.potId === 'HL')?.available).toBe('750.00');
    }
  }, 180_000); // one message per shard, each read from the index, twice over

  it('reports a malformed message as a batch item failure instead of losing the batch', async () => {
    const r = await instalmentWorker(
      { Records: [{ messageId: 'bad', body: '{' } as SQSEvent['Records'][number]] },
      context,
    );
    expect(r.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
  });

  it('expires nothing younger than 30 days', async () => {
    const officer = await api.as('council_officer', COUNCIL);
    const plan = await officer('POST', '/v1/plans', planInput());
    const planId = String(plan.json.planId);
    await api.budget(officer, String(planId));
    await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-06-30' });
    const family = await api.as('family', COUNCIL, [planId]);
    const pending = await family('POST', `/v1/plans/${planId}/spends`, { ...spendInput(), amount: '700.00' });
    expect(pending.json.status).toBe('pending_approval');
    const expired = await jobWorker(jobEvent([{ kind: 'expiry', approverOrg: COUNCIL }]), context);
    expect(expired).toEqual({ batchItemFailures: [] });
    const spend = await family('GET', `/v1/plans/${planId}/spends/${pending.json.spendId}`);
    expect(spend.json.status).toBe('pending_approval');
  });
});

describe('monthly exports', () => {
  it("writes each council's reconciliation (JSON and CSV) and last quarter's monitoring returns", async () => {
    s3.on(PutObjectCommand).resolves({});
    sqs.reset();
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    // One job per council: the dispatcher's work does not grow with the councils' size.
    expect(await dispatch({ job: 'exports', asOf: '2026-07-01' })).toEqual({ job: 'exports', messages: 1 });
    const sentJobs = sqs
      .commandCalls(SendMessageBatchCommand)
      .flatMap(
        (c) => c.args[0].input.Entries?.map((e) => JSON.parse(e.MessageBody ?? '{}') as JobMessage) ?? [],
      );
    expect(sentJobs).toEqual([{ kind: 'export', councilId: COUNCIL, asOf: '2026-07-01' }]);
    expect(await jobWorker(jobEvent(sentJobs), context)).toEqual({ batchItemFailures: [] });
    const keys = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input.Key);
    expect(keys).toEqual([
      `councils/${COUNCIL}/2026-07/reconciliation.json`,
      `councils/${COUNCIL}/2026-07/reconciliation.csv`,
      `councils/${COUNCIL}/2026-07/monitoring-returns-2026-Q1.json`,
    ]);
    const rec = JSON.parse(String(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.Body));
    expect(rec.balanced).toBe(true);
    const returns = JSON.parse(String(s3.commandCalls(PutObjectCommand)[2]?.args[0].input.Body));
    expect(returns.length).toBeGreaterThan(0);
    expect(returns[0]).toMatchObject({ quarter: '2026-Q1', received: '1538.48' });
  });
});

describe('fanned-out instalment runs', () => {
  it('answers 202 with a run id for a large council, and shows progress as shards report once each', async () => {
    const deps = appDeps();
    const sent: Array<Record<string, unknown>> = [];
    deps.instalmentQueue = { send: async (messages) => void sent.push(...messages) };
    deps.instalmentSyncPotsMax = 0;
    try {
      const officer = await api.as('council_officer', COUNCIL);
      const plan = await officer('POST', '/v1/plans', planInput());
      await api.budget(officer, String(plan.json.planId));
      const run = await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: '2026-09-30' });
      expect([run.status, run.json.state, run.json.shards, run.json.shardsDone]).toEqual([
        202,
        'running',
        shardCount,
        0,
      ]);
      expect(sent).toHaveLength(shardCount);
      const event: SQSEvent = {
        Records: sent.map(
          (m, i) => ({ messageId: `r${i}`, body: JSON.stringify(m) }) as SQSEvent['Records'][number],
        ),
      };
      expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
      expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
      const progress = await officer('GET', `/v1/instalment-runs/${run.json.runId}`);
      expect(progress.json).toMatchObject({ state: 'completed', shards: shardCount, shardsDone: shardCount });
      expect(Number(progress.json.posted) + Number(progress.json.alreadyPosted)).toBeGreaterThan(0);
      const other = await api.as('council_officer', 'LA-002');
      expect((await other('GET', `/v1/instalment-runs/${run.json.runId}`)).status).toBe(404);
    } finally {
      delete deps.instalmentQueue;
      delete deps.instalmentSyncPotsMax;
    }
  });
});

describe('scheduled runs keep their payment batch', () => {
  it("gives the dispatcher's run an id its shards carry, so the daily run's payments are listed and filed", async () => {
    // Prepare: a plan whose direct-payment pot has the family's bank account, and the council's paying account.
    const { planId, officer } = await api.section8Plan();
    const payee = { name: 'Zoe Parent', sortCode: '08-99-99', accountNumber: '66374958' };
    const agreed = await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, {
      ...agreementInput(),
      bankAccount: payee,
    });
    expect(agreed.status).toBeLessThan(300);
    const paying = { name: 'Council A', sortCode: '10-79-99', accountNumber: '88837491' };
    expect((await officer('PUT', `/v1/funders/${COUNCIL}/payment-account`, paying)).status).toBe(200);
    const dispatchedBodies = async () => {
      sqs.reset();
      sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
      await dispatch({ job: 'instalments', upTo: '2026-07-31' });
      return sqs
        .commandCalls(SendMessageBatchCommand)
        .flatMap((c) => c.args[0].input.Entries?.map((e) => e.MessageBody ?? '') ?? [])
        .filter((body) => (JSON.parse(body) as { councilId: string }).councilId === COUNCIL);
    };
    // Act: the daily dispatch (twice, as a retried schedule would), then every shard, twice over.
    const bodies = await dispatchedBodies();
    const again = await dispatchedBodies();
    const event: SQSEvent = {
      Records: bodies.map((body, i) => ({ messageId: `p${i}`, body }) as SQSEvent['Records'][number]),
    };
    expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
    expect(await instalmentWorker(event, context)).toEqual({ batchItemFailures: [] });
    // Assess: one run for the council and day, named in every shard's message, dispatched again alike.
    const runIds = [...new Set(bodies.map((b) => (JSON.parse(b) as { runId?: string }).runId))];
    expect(runIds).toEqual([scheduledRunId(COUNCIL, '2026-07-31')]);
    expect(bodies).toHaveLength(shardCount);
    expect(again).toEqual(bodies);
    const runId = String(runIds[0]);
    expect(runId).toMatch(/^[0-9A-Z]{1,26}$/);
    const run = await officer('GET', `/v1/instalment-runs/${runId}`);
    expect([run.status, run.json.state, run.json.shardsDone]).toEqual([200, 'completed', shardCount]);
    // …and its payment batch is listed: the new plan's direct-payment pot, the account masked.
    const listed = await officer('GET', `/v1/instalment-runs/${runId}/payments?limit=100`);
    expect(listed.status).toBe(200);
    const items = listed.json.items as Array<{
      planId: string;
      potId: string;
      account: string | null;
      amount: string;
    }>;
    const ours = items.filter((p) => p.planId === planId && p.potId === 'SC');
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((p) => p.account === '****4958')).toBe(true);
    expect(listed.text).not.toContain('66374958');
    const pain = await officer('GET', `/v1/instalment-runs/${runId}/payments?format=pain.001`);
    expect(pain.status).toBe(200);
    expect(pain.text).toContain(`<EndToEndId>${runId}-`);
    // Another council's officer does not see the run.
    const other = await api.as('council_officer', 'LA-002');
    expect((await other('GET', `/v1/instalment-runs/${runId}/payments`)).status).toBe(404);
  }, 300_000);
});
