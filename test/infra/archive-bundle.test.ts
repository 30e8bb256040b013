// Proves the archive's bundle as the stack builds it, with the AWS SDK inside (infra/bundling.ts):
// in a fresh Node process set up as Lambda sets one up (keys in the environment), it signs and
// sends each entry's conditional, encrypted PUT to S3 (here a local stand-in), counts a file
// already there as archived, reports a refused write, and stays under issue 10's 400 KB with the
// credential sources Lambda never reaches left out.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { esbuildBase, sdkBundling } from '../../infra/bundling.js';
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

function runArchive(port: number, event: unknown): Promise<string> {
  const script = `require(${JSON.stringify(bundle)}).archiveJournal(JSON.parse(process.argv[1])).then((r) => console.log(JSON.stringify(r)))`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    AWS_LAMBDA_FUNCTION_NAME: 'JournalArchiver',
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'AKIDARCHIVETEST',
    AWS_SECRET_ACCESS_KEY: 'not-a-secret',
    AWS_SESSION_TOKEN: 'session',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${port}`,
    TABLE_NAME: 'ledger',
    ARCHIVE_BUCKET: 'archive',
    LOG_LEVEL: 'SILENT',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, JSON.stringify(event)], { env });
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

const record = (seq: string, entryId: string) => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: seq,
    NewImage: { type: { S: 'entry' }, doc: { S: JSON.stringify(entryFixture({ entryId })) } },
  },
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
