// Proves /v1/openapi.json is a description a client generator can use: Redocly's linter passes it
// with no error or warning (rules switched off only in redocly.yaml, each with its reason), every
// success has a schema, and every operation but the public document lists its problem answers.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../contract/openapi-document.js';
import { problemTable } from '../../contract/problems.js';
import { problemCodesOf, routes } from '../../contract/routes.js';

const run = promisify(execFile);

type Operation = { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
const operations = () => {
  const doc = openApiDocument();
  return routes.map((r) => ({
    r,
    op: (doc.paths[r.path] as Record<string, Operation>)[r.method.toLowerCase()] as Operation,
  }));
};

describe('the OpenAPI document', () => {
  it("passes Redocly's linter with no errors or warnings", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'openapi-')), 'openapi.json');
    writeFileSync(file, JSON.stringify(openApiDocument()));
    const { stdout, stderr } = await run(
      process.execPath,
      [
        'node_modules/@redocly/cli/bin/cli.js',
        'lint',
        file,
        '--config',
        'redocly.yaml',
        '--format',
        'stylish',
      ],
      {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
      },
    );
    const out = `${stdout}\n${stderr}`;
    expect(out).toMatch(/valid/i);
    expect(out).not.toMatch(/\b(error|warning)s?\b.*\b(was|were) generated|You have \d+ warning/i);
  }, 60_000);

  it('gives every success a schema', () => {
    for (const { r, op } of operations()) {
      const success = op.responses[String(r.status)];
      const schemas = Object.values(success?.content ?? {}).map((c) => c.schema);
      expect([r.method, r.path, schemas.length > 0 && schemas.every((s) => s !== undefined)]).toEqual([
        r.method,
        r.path,
        true,
      ]);
    }
  });

  it('lists on every operation but the public document the problems it answers, by status and code', () => {
    for (const { r, op } of operations()) {
      const documented = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      if (!r.public) expect([r.path, documented.some(([s]) => Number(s) < 500)]).toEqual([r.path, true]);
      for (const code of problemCodesOf(r)) {
        const response = op.responses[String(problemTable[code].status)];
        expect([r.method, r.path, code, JSON.stringify(response).includes(`"${code}"`)]).toEqual([
          r.method,
          r.path,
          code,
          true,
        ]);
      }
    }
  });
});
