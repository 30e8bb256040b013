// Proves docs/api.md and the OpenAPI document the public function serves cannot drift from the
// code: each is exactly what the route and problem tables generate (`npm run docs` rewrites them).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiFile } from '../../functions/openapi.js';
import { apiMarkdown, openApiText } from '../../local/api-doc.js';

describe('docs/api.md', () => {
  it('is what the route and problem tables generate', () => {
    expect(readFileSync('docs/api.md', 'utf8')).toBe(apiMarkdown());
  });

  it('and the OpenAPI document the public function serves is what the route table generates', () => {
    expect(readFileSync(`functions/${openApiFile}`, 'utf8')).toBe(openApiText());
  });
});
