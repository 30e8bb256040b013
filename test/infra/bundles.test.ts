// Proves the bundles as the stack builds them (infra/bundling.ts). Each API group's function holds
// its own handlers' code and not another group's, and no success schemas or OpenAPI generator: the
// public function serves the generated document the stack ships beside its code, and does. The
// archive's, with the AWS SDK inside, in a fresh Node process set up as Lambda sets one up (keys in
// the environment), signs and sends each entry's conditional, encrypted PUT to S3 (here a local
// stand-in), counts a file already there as archived, reports a refused write, and stays under
// issue 10's 400 KB with the credential sources Lambda never reaches left out.
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryPathOf, esbuildBase, type LambdaEntry, sdkBundling } from '../../infra/bundling.js';
import { entryFixture } from '../support/fixtures.js';

// Inside the project, so anything the bundle leaves out resolves as from /var/runtime in Lambda.
const outDir = join(process.cwd(), 'node_modules', '.cache', 'ehcp-test');
const bundle = join(outDir, 'archive.js');

interface Received {
  method: string | undefined;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** An S3 stand-in that answers each key as told and records what it was sent. */
async function fakeS3(answers: Record<string, number>) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://s3').pathname;
      received.push({ method: req.method, path, headers: req.headers, body });
      const status = answers[path] ?? 404;
      res.writeHead(status, { 'content-type': 'application/xml' });
      res.end(status === 200 ? '' : `<Error><Code>Status${status}</Code><Message>no</Message></Error>`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { received, server, port: (server.address() as AddressInfo).port };
}

/** Runs a script in a fresh Node process with only the environment given, as Lambda would. */
function runNode(script: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, ...args], {
      env: { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString('utf8');
    });
    child.on('close', (code) =>
      code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}: ${err}`)),
    );
  });
}

function runArchive(port: number, event: unknown): Promise<string> {
  const script = `require(${JSON.stringify(bundle)}).archiveJournal(JSON.parse(process.argv[1])).then((r) => console.log(JSON.stringify(r)))`;
  return runNode(
    script,
    {
      AWS_LAMBDA_FUNCTION_NAME: 'JournalArchiver',
      AWS_REGION: 'eu-west-2',
      AWS_ACCESS_KEY_ID: 'AKIDARCHIVETEST',
      AWS_SECRET_ACCESS_KEY: 'not-a-secret',
      AWS_SESSION_TOKEN: 'session',
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
      TABLE_NAME: 'ledger',
      ARCHIVE_BUCKET: 'archive',
      LOG_LEVEL: 'SILENT',
    },
    JSON.stringify(event),
  );
}

const record = (seq: string, entryId: string) => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: seq,
    NewImage: { type: { S: 'entry' }, doc: { S: JSON.stringify(entryFixture({ entryId })) } },
  },
});

describe("the API's bundles", () => {
  const inputsOf = async (entry: LambdaEntry) => {
    const built = await build({
      entryPoints: [entryPathOf(entry)],
      ...esbuildBase,
      ...sdkBundling(entry),
      write: false,
      metafile: true,
      outfile: join(outDir, `${entry}.js`),
      logLevel: 'silent',
    });
    // What the bundle holds: a file esbuild read but shook out entirely adds no bytes.
    const [output] = Object.values(built.metafile.outputs);
    return Object.entries(output?.inputs ?? {})
      .filter(([, held]) => held.bytesInOutput > 0)
      .map(([file]) => file);
  };

  it("hold their own group's code and none of another's", async () => {
    // Act
    const [read, money, manage, reports] = await Promise.all([
      inputsOf('api-read'),
      inputsOf('api-money'),
      inputsOf('api-manage'),
      inputsOf('api-reports'),
    ]);
    // Assess: which of four modules each holds.
    const holds = (f: string) => [read, money, manage, reports].map((i) => i.includes(f));
    expect(holds('functions/http/route.ts')).toEqual([true, true, true, true]);
    expect(holds('domain/app/cessation.ts')).toEqual([false, true, false, false]);
    expect(holds('domain/app/plans.ts')).toEqual([false, false, true, false]);
    expect(holds('domain/app/worklist.ts')).toEqual([true, false, false, false]);
    expect(holds('domain/hledger.ts')).toEqual([false, false, false, true]);
  });

  it('serve, from the public function, the document the stack ships beside it', async () => {
    // Prepare: the task root as the stack lays it out (infra/parts/front.ts).
    const taskRoot = join(outDir, 'public-task');
    await build({
      entryPoints: ['functions/openapi.ts'],
      ...esbuildBase,
      ...sdkBundling('openapi'),
      outfile: join(taskRoot, 'index.js'),
      logLevel: 'silent',
    });
    cpSync('functions/public', join(taskRoot, 'public'), { recursive: true });
    const event = {
      routeKey: 'GET /v1/openapi.json',
      rawPath: '/v1/openapi.json',
      headers: {},
      requestContext: { http: { method: 'GET' }, requestId: 'r' },
    };
    // Act
    const out = await runNode(
      `require(${JSON.stringify(join(taskRoot, 'index.js'))}).handler(${JSON.stringify(event)}, {}).then((r) => console.log('ANSWER ' + JSON.stringify(r)))`,
      {
        LAMBDA_TASK_ROOT: taskRoot,
        AWS_LAMBDA_FUNCTION_NAME: 'PublicApi',
        TABLE_NAME: 'ledger',
        AWS_REGION: 'eu-west-2',
        LOG_LEVEL: 'SILENT',
      },
    );
    // Assess
    const answer = JSON.parse(
      out
        .split('\n')
        .find((l) => l.startsWith('ANSWER '))
        ?.slice(7) ?? '{}',
    );
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(
      JSON.parse(readFileSync('functions/public/openapi.json', 'utf8')),
    );
  });

  it('build no success schema and no OpenAPI generator: the public function serves the document as generated', async () => {
    for (const entry of ['api-read', 'api-money', 'api-manage', 'api-reports', 'openapi'] as const) {
      const inputs = await inputsOf(entry);
      expect([entry, inputs.filter((f) => /responses\.ts$|openapi-document\.ts$/.test(f))]).toEqual([
        entry,
        [],
      ]);
    }
  });
});

describe('the archive bundle, with its SDK inside', () => {
  beforeAll(async () => {
    mkdirSync(outDir, { recursive: true });
    await build({
      entryPoints: ['functions/archive.ts'],
      ...esbuildBase,
      ...sdkBundling('archive'),
      outfile: bundle,
      logLevel: 'silent',
    });
  });

  it('holds the S3 client and not the credential sources Lambda never reaches, under 400 KB', () => {
    // Prepare
    const text = readFileSync(bundle, 'utf8');
    // Act
    const requires = new Set([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    // Assess
    expect(requires.has('@aws-sdk/client-s3')).toBe(false);
    expect(text).toContain('import("@aws-sdk/credential-provider-web-identity")');
    expect(text).not.toContain('AssumeRoleWithWebIdentity');
    expect(statSync(bundle).size).toBeLessThanOrEqual(400 * 1024);
  });

  it('signs each entry into a conditional, encrypted PUT, and reports only the refused one', async () => {
    // Prepare
    const s3 = await fakeS3({
      '/archive/journal/LA-001/P1/01A.json': 200,
      '/archive/journal/LA-001/P1/01B.json': 412,
      '/archive/journal/LA-001/P1/01C.json': 403,
    });
    try {
      // Act
      const out = await runArchive(s3.port, {
        Records: [record('1', '01A'), record('2', '01B'), record('3', '01C')],
      });
      // Assess
      expect(JSON.parse(out)).toEqual({ batchItemFailures: [{ itemIdentifier: '3' }] });
      const first = s3.received.find((r) => r.path === '/archive/journal/LA-001/P1/01A.json');
      expect(first?.method).toBe('PUT');
      expect(first?.headers['if-none-match']).toBe('*');
      expect(first?.headers['x-amz-server-side-encryption']).toBe('AES256');
      expect(first?.headers.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDARCHIVETEST\/\d{8}\/eu-west-2\/s3\//,
      );
      expect(JSON.parse(first?.body ?? '{}')).toMatchObject({ entryId: '01A', planId: 'P1' });
      expect(s3.received.map((r) => r.path).sort()).toEqual([
        '/archive/journal/LA-001/P1/01A.json',
        '/archive/journal/LA-001/P1/01B.json',
        '/archive/journal/LA-001/P1/01C.json',
      ]);
    } finally {
      s3.server.close();
    }
  });
});
