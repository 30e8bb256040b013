import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as routeHandler } from './http/route.js';

/**
 * GET /v1/openapi.json, the public group's one route and a function of its own. It serves the
 * document `npm run docs` generates from the route table (contract/openapi-document.ts) and the
 * stack ships beside the code; a test fails when the committed copy differs from what the code
 * generates. So this function builds no schema at all: the success schemas the document is made
 * from are most of the schemas there are (docs/decisions/42).
 */

export const openApiFile = 'public/openapi.json';

// In Lambda the file sits at the task root; locally, under functions/ of the working copy.
const root = process.env.LAMBDA_TASK_ROOT ?? join(process.cwd(), 'functions');
let document: unknown;

export const handler = routeHandler('GET /v1/openapi.json', async () => {
  document ??= JSON.parse(readFileSync(join(root, openApiFile), 'utf8'));
  return { body: document };
});
