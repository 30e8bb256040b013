import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs, made on first use so LOG_LEVEL set by the local stack or a test applies.
 * Bodies are never logged: they can hold a child's details.
 */
type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
let instance: Logger | undefined;

export function logger(): Logger {
  instance ??= new Logger({
    serviceName: 'ehcp-ledger',
    logLevel: (process.env.LOG_LEVEL as Level | undefined) ?? 'INFO',
  });
  return instance;
}

export function resetLogger(): void {
  instance = undefined;
}
