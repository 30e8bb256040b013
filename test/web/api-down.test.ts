// Proves the web app answers a page of its own when the API does not answer in time or cannot be
// reached: 503 with Retry-After and plain words, never the local adapter's problem+json 500 (20
// concurrent "Pay instalments" forms outlived the web's 8 s call limit and each got
// {"title":"Internal error","detail":"adapter error"} in the browser).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api } from '../../web/api.js';
import { handleWeb } from '../../web/app.js';
import { configAt, request } from './handler-harness.js';

let silent: Server;
let silentBase = '';
const saved = Api.callTimeoutMs;

beforeAll(async () => {
  // An API that takes the request and never answers.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  silentBase = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  Api.callTimeoutMs = 300;
});
afterAll(async () => {
  Api.callTimeoutMs = saved;
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

describe('the web app when the API does not answer', () => {
  it('shows a page of its own, 503 with Retry-After, for a form whose call times out', async () => {
    // Prepare
    const { config, session } = await configAt(silentBase);
    // Act
    const out = await handleWeb(
      request(session, 'POST', '/runs', {
        idempotencyKey: '6f1c9a1e-0000-4000-8000-000000000001',
        'upTo-day': '31',
        'upTo-month': '8',
        'upTo-year': '2026',
      }),
      config,
    );
    // Assess
    expect(out.status).toBe(503);
    expect(out.headers['retry-after']).toBeDefined();
    expect(out.headers['content-type']).toContain('text/html');
    expect(String(out.body)).toContain('<h1');
    expect(String(out.body)).not.toMatch(/TimeoutError|adapter error|aborted/);
  });

  it('shows the same page when the API cannot be reached at all', async () => {
    // A port that was free a moment ago: nothing listens on it.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const port = typeof address === 'object' && address ? address.port : 0;
    const { config, session } = await configAt(`http://127.0.0.1:${port}`);
    const out = await handleWeb(request(session, 'GET', '/approvals'), config);
    expect(out.status).toBe(503);
    expect(String(out.body)).not.toMatch(/fetch failed|ECONNREFUSED/);
  });
});
