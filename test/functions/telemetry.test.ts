// Proves the log and metric lines Lambda sends to CloudWatch: a log line is one JSON object with
// level, message, time, service and trace, below-level entries are dropped, personal fields are
// masked at any depth while an error keeps its class, message and stack, and fields that cannot be
// written are named rather than thrown; a metric line is valid embedded metric format (each
// dimension and the value are members the directive names); and the cold start is counted once
// per container.
import type { Request } from '@middy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { coldStartMetric, emfSink, metricNamespace, redact } from '../../functions/http/observability.js';
import { jsonLogger } from '../../functions/log.js';

const trace = process.env._X_AMZN_TRACE_ID;
afterEach(() => {
  if (trace === undefined) delete process.env._X_AMZN_TRACE_ID;
  else process.env._X_AMZN_TRACE_ID = trace;
});

describe('log lines', () => {
  it('are one JSON object each, at or above the level, with the trace and masked personal fields', () => {
    // Prepare
    const lines: string[] = [];
    process.env._X_AMZN_TRACE_ID =
      'Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1';
    const log = jsonLogger({
      service: 'ehcp-ledger',
      level: 'INFO',
      replacer: redact,
      write: (l) => lines.push(l),
    });
    // Act
    log.debug('not at this level', { planId: 'P1' });
    log.info('spend posted', { planId: 'P1', payee: 'Sunshine Club', holder: { name: 'A. Parent' } });
    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toEqual({
      level: 'INFO',
      message: 'spend posted',
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      service: 'ehcp-ledger',
      xray_trace_id: '1-67891233-abcdef012345678912345678',
      planId: 'P1',
      payee: '***',
      holder: '***',
    });
  });

  it("keep an error's class, message, stack and cause, and say nothing when SILENT", () => {
    // Prepare
    const lines: string[] = [];
    const log = jsonLogger({ service: 's', level: 'DEBUG', replacer: redact, write: (l) => lines.push(l) });
    const silent = jsonLogger({ service: 's', level: 'SILENT', write: (l) => lines.push(l) });
    class ConditionalCheckFailed extends Error {
      override name = 'ConditionalCheckFailedException';
    }
    // Act
    log.error('commit failed', {
      error: new Error('retries spent', { cause: new ConditionalCheckFailed('no') }),
    });
    silent.error('never written');
    // Assess
    expect(lines).toHaveLength(1);
    const { error } = JSON.parse(lines[0] ?? '{}');
    expect(error).toMatchObject({
      type: 'Error',
      message: 'retries spent',
      stack: expect.stringContaining('retries spent'),
      cause: { type: 'ConditionalCheckFailedException', message: 'no' },
    });
  });
});

describe('a log line whose fields cannot be written', () => {
  it('is still written, naming the fields, and the caller goes on', () => {
    // Prepare
    const lines: string[] = [];
    const log = jsonLogger({ service: 's', level: 'INFO', write: (l) => lines.push(l) });
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    // Act
    log.info('odd fields', { cycle, count: 10n });
    // Assess
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 'INFO',
      message: 'odd fields',
      unloggable: ['cycle', 'count'],
    });
  });
});

describe('metric lines', () => {
  it('are embedded metric format: the directive names each dimension member and the value member', () => {
    // Prepare
    const lines: string[] = [];
    const sink = emfSink('ehcp-ledger', (l) => lines.push(l));
    // Act
    sink.record('SpendsRefused', 'Count', 1, { council: 'LA-001', code: 'CATEGORY_PROHIBITED' });
    // Assess
    const line = JSON.parse(lines[0] ?? '{}');
    const [directive] = line._aws.CloudWatchMetrics;
    expect(Number.isInteger(line._aws.Timestamp)).toBe(true);
    expect(directive).toEqual({
      Namespace: metricNamespace,
      Dimensions: [['service', 'council', 'code']],
      Metrics: [{ Name: 'SpendsRefused', Unit: 'Count' }],
    });
    for (const member of [...directive.Dimensions[0], 'SpendsRefused']) expect(line).toHaveProperty(member);
    expect([line.service, line.council, line.code, line.SpendsRefused]).toEqual([
      'ehcp-ledger',
      'LA-001',
      'CATEGORY_PROHIBITED',
      1,
    ]);
  });

  it("count one cold start per container, whichever route's chain serves it first, and none unobserved", async () => {
    // Prepare
    const recorded: string[] = [];
    const sink = {
      record: (name: string, _u: string, v: number, d: Record<string, string>) =>
        recorded.push(`${name}:${v}:${d.function_name}`),
    };
    // Each route's chain has its own middleware; the container has one cold start.
    const chains = [coldStartMetric({ sink }, 'MoneyApi'), coldStartMetric({ sink }, 'MoneyApi')];
    // Act
    for (let i = 0; i < 3; i++) for (const [middleware] of chains) await middleware?.before?.({} as Request);
    // Assess
    expect(recorded).toEqual(['ColdStart:1:MoneyApi']);
    expect(coldStartMetric({ sink: undefined }, 'MoneyApi')).toEqual([]);
  });
});
