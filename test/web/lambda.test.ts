// Proves the web app's AWS side without AWS: the Lambda adapter reads its session key through the
// Parameters and Secrets extension once, sends sign-in to Cognito's hosted UI with PKCE (there is
// no development form in AWS), exchanges the code at the callback for a sealed session, serves the
// GOV.UK assets base64-encoded, and the formatting, sealing and message rules hold.
import { createHash } from 'node:crypto';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  type PutItemCommandInput,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { money } from '../../web/format.js';
import { formOrigin, pageHeaders } from '../../web/http.js';
import { formErrors, refusalMessages } from '../../web/messages.js';
import { openSession, seal, sessionCookie, unseal } from '../../web/session.js';

const event = (
  method: string,
  path: string,
  extra: Partial<APIGatewayProxyEventV2> = {},
): APIGatewayProxyEventV2 =>
  ({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: {},
    isBase64Encoded: false,
    requestContext: { http: { method, path } },
    ...extra,
  }) as unknown as APIGatewayProxyEventV2;

const secret = 'a-secret-string-of-the-deployment';
const calls: string[] = [];
const sent: Array<{ url: string; body: string; type: string }> = [];

// Sessions are kept in the table (web/session-store.ts): here a map behind the SDK's mock.
const ddb = mockClient(DynamoDBClient);
const kept = new Map<string, Record<string, AttributeValue>>();
ddb.on(PutItemCommand).callsFake((input: PutItemCommandInput) => {
  kept.set(String(input.Item?.pk?.S), { ...input.Item });
  return {};
});
ddb
  .on(GetItemCommand)
  .callsFake((input: GetItemCommandInput) => ({ Item: kept.get(String(input.Key?.pk?.S)) }));
ddb.on(UpdateItemCommand).resolves({});

beforeAll(() => {
  process.env.TABLE_NAME = 'ledger';
  process.env.API_BASE_URL = 'https://abc.execute-api.eu-west-2.amazonaws.com';
  process.env.SESSION_SECRET_ARN = 'arn:aws:secretsmanager:eu-west-2:1:secret:web';
  process.env.COGNITO_DOMAIN = 'https://ledger.auth.eu-west-2.amazoncognito.com';
  process.env.COGNITO_CLIENT_ID = 'client-1';
  process.env.WEB_REDIRECT_URI = 'https://ledger.example.gov.uk/auth/callback';
  // A bundle as the CDK lays it out: the code beside views/, public/ and govuk/.
  const bundle = mkdtempSync(join(tmpdir(), 'ehcp-web-bundle-'));
  symlinkSync(join(process.cwd(), 'web', 'views'), join(bundle, 'views'));
  symlinkSync(join(process.cwd(), 'web', 'public'), join(bundle, 'public'));
  symlinkSync(join(process.cwd(), 'node_modules', 'govuk-frontend', 'dist'), join(bundle, 'govuk'));
  process.env.LAMBDA_TASK_ROOT = bundle;
  const header = Buffer.from('{"alg":"RS256"}').toString('base64url');
  const claims = Buffer.from(
    JSON.stringify({ sub: 'u-1', 'custom:role': 'council_officer', 'custom:org': 'LA-001' }),
  ).toString('base64url');
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    calls.push(String(url));
    if (init?.method === 'POST' && String(url).includes('/v1/'))
      sent.push({
        url: String(url),
        body: String(init.body),
        type: String(new Headers(init.headers).get('content-type')),
      });
    if (String(url).startsWith('http://localhost:2773/'))
      return new Response(JSON.stringify({ SecretString: secret }));
    if (String(url).endsWith('/oauth2/token')) {
      expect(String(init?.body)).toContain('code_verifier=');
      return new Response(JSON.stringify({ id_token: `${header}.${claims}.sig` }));
    }
    return new Response('{}', { status: 404 });
  });
});
afterEach(() => {
  calls.length = 0;
  sent.length = 0;
});

/** Signs in through the hosted UI's callback; the session cookie and its CSRF token. */
async function signedIn(handler: (e: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>) {
  const signIn = await handler(event('GET', '/sign-in'));
  const state = new URL(String(signIn.headers?.location)).searchParams.get('state');
  const pending = String(signIn.cookies?.[0]).split(';')[0] ?? '';
  const callback = await handler(
    event('GET', '/auth/callback', { rawQueryString: `code=abc&state=${state}`, cookies: [pending] }),
  );
  const cookie = String(callback.cookies?.[0]).split(';')[0] ?? '';
  const key = createHash('sha256').update(secret).digest();
  const opened = openSession(key, decodeURIComponent(cookie.split('=')[1] ?? ''), new Date());
  return { cookie, csrf: String(opened?.csrf) };
}

const multipart = (boundary: string, parts: Array<{ name: string; value: string; filename?: string }>) =>
  `${parts
    .map(
      (p) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"\r\nContent-Type: text/csv` : ''}\r\n\r\n${p.value}\r\n`,
    )
    .join('')}--${boundary}--\r\n`;

describe('the web app in Lambda', () => {
  it('sends sign-in to Cognito with PKCE and opens a sealed session at the callback', async () => {
    const { handler } = await import('../../web/lambda.js');
    const signIn = await handler(event('GET', '/sign-in'));
    expect(signIn.statusCode).toBe(303);
    const location = new URL(String(signIn.headers?.location));
    expect(location.origin).toBe('https://ledger.auth.eu-west-2.amazoncognito.com');
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('redirect_uri')).toBe('https://ledger.example.gov.uk/auth/callback');
    const pending = String(signIn.cookies?.[0]).split(';')[0] ?? '';
    const state = location.searchParams.get('state') ?? '';
    const callback = await handler(
      event('GET', '/auth/callback', { rawQueryString: `code=abc&state=${state}`, cookies: [pending] }),
    );
    expect(callback.statusCode).toBe(303);
    const session = String(callback.cookies?.[0]);
    expect(session).toMatch(new RegExp(`^${sessionCookie}=.+; Path=/; HttpOnly; SameSite=Lax; Secure`));
    const key = createHash('sha256').update(secret).digest();
    const opened = openSession(
      key,
      decodeURIComponent(session.split(';')[0]?.split('=')[1] ?? ''),
      new Date(),
    );
    expect(opened).toMatchObject({ role: 'council_officer', org: 'LA-001', sub: 'u-1' });
    // The session is kept in the table, under a hash of its id, with a TTL.
    expect([...kept.values()].map((i) => [i.type?.S, i.ttl?.N !== undefined])).toEqual([['session', true]]);
    expect([...kept.keys()][0]).not.toContain(String(opened?.sid));
    // The key was read once, through the extension.
    expect(calls.filter((c) => c.startsWith('http://localhost:2773/'))).toHaveLength(1);
    const asset = await handler(event('GET', '/assets/images/favicon.ico'));
    expect([asset.statusCode, asset.isBase64Encoded]).toEqual([200, true]);
  });
});

describe('the web rules', () => {
  it("lets the receipt page's form post to the storage origin the API signed, and no other page", () => {
    const s3 = formOrigin('https://receipts-abc.s3.eu-west-2.amazonaws.com/');
    expect(s3).toBe('https://receipts-abc.s3.eu-west-2.amazonaws.com');
    expect(pageHeaders('n', s3 ? [s3] : [])['content-security-policy']).toContain(
      "form-action 'self' https://receipts-abc.s3.eu-west-2.amazonaws.com;",
    );
    expect(pageHeaders('n')['content-security-policy']).toContain("form-action 'self';");
    // A relative address is 'self' already; anything not http(s) is never allowed.
    expect([formOrigin('/uploads/receipts'), formOrigin('javascript:alert(1)'), formOrigin(42)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('shows amounts as sterling with separators and a true minus, never rounding', () => {
    expect([money('1538.48'), money('-12.50'), money('0.00'), money('1234567.05')]).toEqual([
      '£1,538.48',
      '\u2212£12.50',
      '£0.00',
      '£1,234,567.05',
    ]);
    expect(money('12.5')).toBe('');
  });

  it('seals sessions so a changed byte or another key opens nothing', () => {
    const key = Buffer.alloc(32, 7);
    const sealed = seal(key, { a: 1 });
    expect(unseal(key, sealed)).toEqual({ a: 1 });
    // One bit of the ciphertext flipped (a changed character could decode to the same bytes, or be
    // the character it replaced: the old test's 'A'-for-'B' swap did nothing one time in 64).
    const raw = Buffer.from(sealed, 'base64url');
    raw.writeUInt8(raw.readUInt8(raw.length - 1) ^ 1, raw.length - 1);
    const tampered = raw.toString('base64url');
    expect(tampered).not.toBe(sealed);
    expect(unseal(key, tampered)).toBeUndefined();
    expect(unseal(Buffer.alloc(32, 8), sealed)).toBeUndefined();
    const expired = seal(key, { expires: 1 });
    expect(openSession(key, expired, new Date())).toBeUndefined();
  });

  it('has a plain-English message for every refusal, and puts each on the field it is about', () => {
    for (const [code, text] of Object.entries(refusalMessages))
      expect([code, text.length > 10]).toEqual([code, true]);
    expect(formErrors({ body: { code: 'CATEGORY_PROHIBITED' } }, ['amount', 'category'])).toEqual([
      { field: 'category', text: 'A personal budget cannot be spent on that' },
    ]);
    expect(
      formErrors(
        { body: { code: 'VALIDATION_FAILED', errors: [{ path: 'amount', message: 'must be pounds' }] } },
        ['potId', 'amount'],
      ),
    ).toEqual([{ field: 'amount', text: 'Enter the amount in pounds and pence, like 45.00' }]);
  });
});

describe('forms through the Lambda', () => {
  it('reads the statement form (multipart, base64 as API Gateway sends it) and posts the file to the API', async () => {
    const { handler } = await import('../../web/lambda.js');
    const { cookie, csrf } = await signedIn(handler);
    const statement = 'date,description,amount,balance\n2026-04-02,Swim club,-25.00,975.00\n';
    const boundary = 'x-boundary-41';
    const body = multipart(boundary, [
      { name: '_csrf', value: csrf },
      { name: 'idempotencyKey', value: 'k-statement-1' },
      { name: 'statement', value: statement, filename: 'april.csv' },
    ]);
    const out = await handler(
      event('POST', '/plans/P-1/pots/POT-1/statements', {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        cookies: [cookie],
        body: Buffer.from(body).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    // The CSRF field was read from the multipart form (else 403), and the file reached the API.
    expect(out.statusCode).not.toBe(403);
    expect(sent).toEqual([
      {
        url: 'https://abc.execute-api.eu-west-2.amazonaws.com/v1/plans/P-1/pots/POT-1/statements',
        body: statement,
        type: 'text/csv',
      },
    ]);
  });

  it('refuses a body over its limit before reading it (413), urlencoded or multipart', async () => {
    const { handler, multipartBytesMax } = await Promise.all([
      import('../../web/lambda.js'),
      import('../../web/multipart.js'),
    ]).then(([l, m]) => ({ ...l, multipartBytesMax: m.multipartBytesMax }));
    const boundary = 'b';
    const big = multipart(boundary, [
      { name: 'statement', value: 'x'.repeat(multipartBytesMax), filename: 'a.csv' },
    ]);
    const tooBig = await handler(
      event('POST', '/plans/P-1/pots/POT-1/statements', {
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: big,
      }),
    );
    expect(tooBig.statusCode).toBe(413);
    const form = await handler(
      event('POST', '/sign-out', {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `a=${'y'.repeat(70 * 1024)}`,
      }),
    );
    expect(form.statusCode).toBe(413);
    expect(sent).toEqual([]);
  });
});
