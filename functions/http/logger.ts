import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs. Bodies are never logged: they can hold a child's details. */
export const logger = new Logger({
  serviceName: 'ehcp-ledger',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'SILENT' | undefined) ?? 'INFO',
});
