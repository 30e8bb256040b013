import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseConfig } from '../functions/config.js';
import { makeApp, useApp } from '../functions/deps.js';
import { DynamoSessionStore } from '../web/session-store.js';
import { ensureTable, localClient, startDynamoLocal } from './dynamo.js';
import { createLocalServer } from './http-adapter.js';
import { dataDir, ensureKeys, localAudience, localIssuer } from './keys.js';
import { localWebConfig, serveWeb } from './web.js';

/**
 * `npm start`: DynamoDB Local (data under DATA_DIR, default .data/), the table, development keys,
 * and the HTTP adapter on PORT (default 3000). Ctrl-C stops DynamoDB Local cleanly.
 */
const { values } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });
const port = Number.parseInt(process.env.PORT ?? '3000', 10);
const dynamoPort = Number.parseInt(process.env.DYNAMODB_PORT ?? '8000', 10);
const tableName = process.env.TABLE_NAME ?? 'ehcp-ledger';
const data = dataDir();

const { publicKeyPem, privateKeyPem } = await ensureKeys(join(data, 'keys'));
const dynamo = process.env.DYNAMODB_ENDPOINT
  ? { endpoint: process.env.DYNAMODB_ENDPOINT, stop: async () => {} }
  : await startDynamoLocal(dynamoPort, join(data, 'dynamodb'));
await ensureTable(dynamo.endpoint, tableName);

// The local stack's own configuration, passed to the composition root (the environment may
// still add POLICY_OVERRIDES or LOG_LEVEL, parsed by the same schema as in Lambda).
const config = parseConfig({
  ...process.env,
  TABLE_NAME: tableName,
  DYNAMODB_ENDPOINT: dynamo.endpoint,
  JWT_ISSUER: localIssuer,
  JWT_AUDIENCE: localAudience,
  JWT_PUBLIC_KEY: publicKeyPem,
  JWKS_URL: undefined,
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
  // Receipts as files under DATA_DIR, uploaded to this server as S3 would take them.
  RECEIPTS_DIR: process.env.RECEIPTS_DIR ?? join(data, 'receipts'),
});
useApp(makeApp(config));
const url = `http://127.0.0.1:${port}`;
// The web app calls the API over HTTP, as in AWS (there, API Gateway directly, not CloudFront).
// Sessions are kept in the ledger table on DynamoDB Local, as in AWS (web/session-store.ts).
const web = localWebConfig({
  apiBase: url,
  keysDir: join(data, 'keys'),
  privateKeyPem,
  sessions: new DynamoSessionStore(localClient(dynamo.endpoint), tableName),
  today: config.today,
});
const server = createLocalServer((req, res) => serveWeb(web, req, res));
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', resolve);
});
process.stdout.write(
  [
    ...(config.today ? [`today is fixed at ${config.today} (LEDGER_TODAY)`] : []),
    `ehcp-ledger is listening on ${url} (DynamoDB Local at ${dynamo.endpoint}${'adopted' in dynamo && dynamo.adopted ? ', taken over from a run that was killed' : ''}, data in ${data})`,
    `  web app:         ${url}/ (sign in at ${url}/sign-in with a role and organisation)`,
    `  API description: ${url}/v1/openapi.json`,
    '  a token:         npm run -s token -- --role council_officer --org LA-001',
    `  try:             curl -H "Authorization: Bearer $(npm run -s token -- --role council_officer --org LA-001)" ${url}/v1/approvals`,
    '',
  ].join('\n'),
);

if (values.demo) {
  const { seedDemo } = await import('./seed.js');
  const summary = await seedDemo(url);
  process.stdout.write(`${summary}\n`);
}

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\n${signal}: stopping\n`);
  server.close();
  server.closeAllConnections();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
