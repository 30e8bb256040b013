import { Logger } from '@aws-lambda-powertools/logger';
import { app } from '../deps.js';

/**
 * Structured JSON logs from the installed app (its LOG_LEVEL). Bodies are never logged: they can
 * hold a child's details.
 */
let fallback: Logger | undefined;

export function logger(): Logger {
  try {
    return app().logger;
  } catch {
    fallback ??= new Logger({ serviceName: 'ehcp-ledger', logLevel: 'INFO' });
    return fallback;
  }
}
