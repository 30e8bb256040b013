import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { type Config, parseConfig } from '../../functions/config.js';
import { makeApp, useApp } from '../../functions/deps.js';
import { ensureTable, localClient } from '../../local/dynamo.js';
import { createLocalServer, localLimits } from '../../local/http-adapter.js';
import { ensureKeys, localAudience, localIssuer, signToken } from '../../local/keys.js';
import { localWebConfig, serveWeb } from '../../local/web.js';
import { Api as WebApi } from '../../web/api.js';
import type { WebConfig } from '../../web/context.js';
import { DynamoSessionStore } from '../../web/session-store.js';
import { agreementInput, budgetInput, COUNCIL, planInput } from './section8.js';

/**
 * The real local stack for integration tests: DynamoDB Local (from global setup), a fresh table
 * for this file, development keys, and the HTTP adapter on a free port.
 */

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { code?: string };
  text: string;
}

/** The API on DynamoDB Local; with `web`, the web app beside it on the same port, as `npm start` serves them. */
/** How long the web app waits for an API call in a test: a hang guard, not the 8 s of production. */
const webCallHangGuardMs = 120_000;

export async function startApi(extra: Partial<Config> = {}, options: { web?: boolean } = {}) {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `ledger-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const keysDir = join(mkdtempSync(join(tmpdir(), 'ehcp-keys-')), 'keys');
  const keys = { ...(await ensureKeys(keysDir)), dir: keysDir };
  // The test's own configuration, installed as the local runner does: no environment involved.
  const config: Config = {
    ...parseConfig({
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: endpoint,
      JWT_ISSUER: localIssuer,
      JWT_AUDIENCE: localAudience,
      JWT_PUBLIC_KEY: keys.publicKeyPem,
      LOG_LEVEL: 'SILENT',
      // Receipts as files, uploaded to the local server as S3 would take them (section 11b).
      RECEIPTS_DIR: join(keysDir, '..', 'receipts'),
    }),
    ...extra,
  };
  useApp(makeApp(config));
  // A handler's time limit is a hang guard in a test, like every other (decision 45).
  localLimits.handlerMs = 300_000;
  let web: WebConfig | undefined;
  const server: Server = createLocalServer(
    options.web ? (req, res) => serveWeb(web as WebConfig, req, res) : undefined,
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // The web's 8 s limit on an API call is a production setting; in a test it is a hang guard like
  // every other limit (decision 45), or a loaded machine turns slow pages into 503 pages.
  if (options.web) WebApi.callTimeoutMs = webCallHangGuardMs;
  if (options.web)
    web = localWebConfig({
      apiBase: base,
      keysDir: join(keys.dir, 'web'),
      privateKeyPem: keys.privateKeyPem,
      sessions: new DynamoSessionStore(localClient(endpoint), tableName),
    });
  const client = localClient(endpoint);

  const token = (role: string, org: string, plans: string[] = [], sub?: string) =>
    signToken(keys.privateKeyPem, { role, org, plans, ...(sub ? { sub } : {}) });

  async function request(
    tokenValue: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    options: { key?: string | null; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (tokenValue) headers.authorization = `Bearer ${tokenValue}`;
    if (body !== undefined || options.raw !== undefined) headers['content-type'] ??= 'application/json';
    if (method !== 'GET' && options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
    const r = await fetch(base + path, {
      method,
      headers,
      ...(options.raw !== undefined
        ? { body: options.raw }
        : body !== undefined
          ? { body: JSON.stringify(body) }
          : {}),
    });
    const text = await r.text();
    let json: ApiResponse['json'] = {};
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (CSV, hledger)
    }
    return { status: r.status, headers: r.headers, json, text };
  }

  type Caller = (
    method: string,
    path: string,
    body?: unknown,
    options?: Parameters<typeof request>[4],
  ) => Promise<ApiResponse>;
  /** A caller bound to one token. */
  const as = async (role: string, org: string, plans: string[] = [], sub?: string): Promise<Caller> => {
    const t = await token(role, org, plans, sub);
    return (method: string, path: string, body?: unknown, options?: Parameters<typeof request>[4]) =>
      request(t, method, path, body, options);
  };

  async function itemCount(): Promise<number> {
    let count = 0;
    let start: Record<string, never> | undefined;
    do {
      const out = await client.send(
        new ScanCommand({
          TableName: tableName,
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += out.Count ?? 0;
      start = out.LastEvaluatedKey as typeof start;
    } while (start);
    return count;
  }

  /** The section 8 budget of a plan, with SC's signed agreement, as section 8 records it. */
  async function budget(officer: Caller, planId: string) {
    const created = await officer('POST', `/v1/plans/${planId}/budgets`, budgetInput());
    if (created.status === 201)
      await officer('POST', `/v1/plans/${planId}/pots/SC/agreement`, agreementInput());
    return created;
  }

  /** The section 8 plan and budget, instalments released to `runTo` when given. */
  async function section8Plan(runTo?: string) {
    const officer = await as('council_officer', COUNCIL);
    const planId = String((await officer('POST', '/v1/plans', planInput())).json.planId);
    await budget(officer, planId);
    if (runTo) await officer('POST', '/v1/instalment-runs', { councilId: COUNCIL, upTo: runTo });
    return { planId, officer, family: await as('family', COUNCIL, [planId]) };
  }

  return {
    base,
    budget,
    section8Plan,
    tableName,
    endpoint,
    client,
    token,
    request,
    as,
    itemCount,
    privateKeyPem: keys.privateKeyPem,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      client.destroy();
    },
  };
}

export type Api = Awaited<ReturnType<typeof startApi>>;

type Caller = (
  method: string,
  path: string,
  body?: unknown,
  options?: { key?: string | null },
) => Promise<ApiResponse>;

/**
 * Sends a change as a client does (DESIGN.md 11a, decision 45): a 503 must carry Retry-After, and
 * the same request is resent after it with the same Idempotency-Key, up to `resendsMax` times; any
 * other 5xx is answered at once for the test to refuse. `onBusy` counts the 503s resent.
 */
export async function sendAsClient(
  caller: Caller,
  method: string,
  path: string,
  body: unknown,
  options: { resendsMax?: number; onBusy?: () => void } = {},
): Promise<ApiResponse> {
  const key = randomUUID();
  const resendsMax = options.resendsMax ?? 8;
  for (let attempt = 1; ; attempt++) {
    const r = await caller(method, path, body, { key });
    if (r.status !== 503) return r;
    const wait = Number(r.headers.get('retry-after'));
    if (r.json.code !== 'SERVICE_BUSY' || !Number.isInteger(wait) || wait <= 0) return r;
    options.onBusy?.();
    if (attempt === resendsMax) return r;
    await new Promise((resolve) => setTimeout(resolve, wait * 1000));
  }
}
