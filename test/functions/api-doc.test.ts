// Proves docs/api.md cannot drift from the code: it is exactly what the route and problem tables
// generate (`npm run docs` rewrites it).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { apiMarkdown } from '../../local/api-doc.js';

describe('docs/api.md', () => {
  it('is what the route and problem tables generate', () => {
    expect(readFileSync('docs/api.md', 'utf8')).toBe(apiMarkdown());
  });
});
