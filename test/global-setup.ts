import { createServer } from 'node:net';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../local/dynamo.js';

/** Starts one in-memory DynamoDB Local for the whole run; each test file makes its own table. */

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export default async function setup(project: TestProject) {
  const dynamo = await startDynamoLocal(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
