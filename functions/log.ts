/**
 * Structured logs: one JSON line per entry on standard output, which Lambda sends to CloudWatch
 * Logs. Each line has its level, message, time, service and X-Ray trace, then the caller's
 * fields; a replacer (observability.ts's redaction) masks personal fields at any depth. Ours
 * rather than Powertools' Logger: the ledger needs levels, fields and redaction, and Powertools'
 * logger and metrics cost every cold start 27 KB and about a millisecond (docs/decisions/42).
 */

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';
const rank: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 };

type Fields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
}

export interface LoggerOptions {
  service: string;
  level: LogLevel;
  /** Applied to every key at any depth, as JSON.stringify's replacer. */
  replacer?: (key: string, value: unknown) => unknown;
  /** Where lines go: standard output unless a test collects them. */
  write?: (line: string) => void;
}

/** An error as a log field. Its class is `type`, not `name`, which redaction masks as a person's. */
export function errorFields(error: Error): Fields {
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause instanceof Error ? { cause: errorFields(error.cause) } : {}),
  };
}

/** The trace's root id, from the header Lambda sets for each invocation under active tracing. */
const traceId = (): string | undefined => /Root=([^;]+)/.exec(process.env._X_AMZN_TRACE_ID ?? '')?.[1];

export function jsonLogger(options: LoggerOptions): Logger {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const replacer = (key: string, value: unknown): unknown => {
    if (value instanceof Error) return errorFields(value);
    return options.replacer ? options.replacer(key, value) : value;
  };
  const log = (level: Exclude<LogLevel, 'SILENT'>, message: string, fields: Fields = {}) => {
    if (rank[level] < rank[options.level]) return;
    const trace = traceId();
    const head = {
      level,
      message,
      timestamp: new Date().toISOString(),
      service: options.service,
      ...(trace ? { xray_trace_id: trace } : {}),
    };
    let line: string;
    try {
      line = JSON.stringify({ ...head, ...fields }, replacer);
    } catch (error) {
      // Logging never throws: fields that cannot be written (a cycle, a BigInt) are named instead.
      line = JSON.stringify({ ...head, unloggable: Object.keys(fields), reason: (error as Error).message });
    }
    write(line);
  };
  return {
    debug: (message, fields) => log('DEBUG', message, fields),
    info: (message, fields) => log('INFO', message, fields),
    warn: (message, fields) => log('WARN', message, fields),
    error: (message, fields) => log('ERROR', message, fields),
  };
}
