import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type { Actor } from '../../domain/model.js';

/**
 * Cross-cutting work around the use cases (middy middlewares): durations of runs and reports and a
 * cold-start count; the business facts (spends posted, pending, refused; instalments posted) are
 * counted by the use cases that know them, through `Deps.metrics`, which functions/deps.ts points here. Metrics are lines of
 * CloudWatch's embedded metric format (EMF) on standard output, which CloudWatch turns into metrics
 * with no API call: written here rather than by Powertools' Metrics, for the cold start's sake
 * (docs/decisions/42). Tracing is Lambda's own (active tracing: API Gateway, the function's init
 * and invocation); the Powertools Tracer added only a handler subsegment for 110 KB and some 20 ms
 * of every cold start (docs/decisions/39). The council is a dimension where it is known and its
 * cardinality is bounded (a council's own callers); codes of refusals are a bounded set.
 */

type Middleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Error, Context>;

/** Where business metrics go: CloudWatch (EMF) in Lambda, a list in tests, nowhere locally. */
export interface MetricSink {
  record(
    name: string,
    unit: 'Count' | 'Milliseconds',
    value: number,
    dimensions: Record<string, string>,
  ): void;
}

export const metricNamespace = 'EhcpLedger';

/**
 * Each metric as one EMF line, on its own: its dimensions, the service's among them, are members
 * of the line, and the directive names them and the metric's unit.
 */
export function emfSink(
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): MetricSink {
  return {
    record(name, unit, value, dimensions) {
      const members = { service, ...dimensions };
      write(
        JSON.stringify({
          _aws: {
            Timestamp: Date.now(),
            CloudWatchMetrics: [
              {
                Namespace: metricNamespace,
                Dimensions: [Object.keys(members)],
                Metrics: [{ Name: name, Unit: unit }],
              },
            ],
          },
          ...members,
          [name]: value,
        }),
      );
    },
  };
}

export interface Observability {
  sink: MetricSink | undefined;
}

export function makeObservability(enabled: boolean): Observability {
  return { sink: enabled ? emfSink('ehcp-ledger') : undefined };
}

/** The container's first request, whichever route's chain serves it, counts its cold start. */
let coldStartCounted = false;

/** One `ColdStart` per container, by function, when the app observes (in AWS). */
export function coldStartMetric(o: Observability, functionName: string | undefined): Middleware[] {
  if (!o.sink) return [];
  const sink = o.sink;
  return [
    {
      before: async () => {
        if (coldStartCounted) return;
        coldStartCounted = true;
        sink.record('ColdStart', 'Count', 1, { function_name: functionName ?? 'unknown' });
      },
    },
  ];
}

const reportRoutes = /^GET \/v1\/(councils|funders|brokers)\/|^GET \/v1\/plans\/\{planId\}\/statement$/;

/** Councils act for themselves; other callers' organisations are not councils. */
const councilOf = (actor: Actor | undefined, body: unknown): string | undefined => {
  const named = (body as { councilId?: unknown } | undefined)?.councilId;
  if (typeof named === 'string') return named;
  return actor && (actor.role === 'council_officer' || actor.role === 'family') ? actor.org : undefined;
};

/** Durations the caller waits for: an instalment run's, a report's (the counts are the use cases'). */
export function businessMetrics(
  sink: () => MetricSink | undefined,
  caller: (event: APIGatewayProxyEventV2) => { actor?: Actor; body?: unknown } | undefined,
): Middleware {
  const started = new WeakMap<APIGatewayProxyEventV2, number>();
  const dims = (event: APIGatewayProxyEventV2): Record<string, string> => {
    const c = caller(event);
    const council = councilOf(c?.actor, c?.body);
    return council ? { council } : {};
  };
  return {
    before: async (request) => {
      started.set(request.event, Date.now());
    },
    after: async (request) => {
      const s = sink();
      if (!s) return;
      const key = request.event.routeKey;
      const ms = Date.now() - (started.get(request.event) ?? Date.now());
      if (key === 'POST /v1/instalment-runs') {
        s.record('InstalmentRunDuration', 'Milliseconds', ms, dims(request.event));
      } else if (reportRoutes.test(key)) {
        s.record('ReportDuration', 'Milliseconds', ms, { report: key.split('/').at(-1) ?? 'report' });
      }
    },
  };
}

/** Log fields that can name a person or an account: masked whatever logs them. */
export const redactedKeys = new Set([
  'name',
  'childName',
  'payee',
  'accountReference',
  'holder',
  'reference',
  'dateOfBirth',
  'evidence',
  'description',
  'notes',
  'authorization',
]);

export const redact = (key: string, value: unknown): unknown =>
  redactedKeys.has(key) && value !== undefined && value !== null ? '***' : value;
