import { app } from '../deps.js';
import { jsonLogger, type Logger } from '../log.js';

/**
 * Structured JSON logs from the installed app (its LOG_LEVEL). Bodies are never logged: they can
 * hold a child's details.
 */
let fallback: Logger | undefined;

export function logger(): Logger {
  try {
    return app().logger;
  } catch {
    fallback ??= jsonLogger({ service: 'ehcp-ledger', level: 'INFO' });
    return fallback;
  }
}
