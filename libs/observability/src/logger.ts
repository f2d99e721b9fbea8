import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentRequestId } from './request-context';

/** The platform's log levels, most severe first (Nest's names: `log` is info). */
export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type AppLogLevel = (typeof LOG_LEVELS)[number];
/** `json`: one JSON object per line, for a log pipeline; `text`: Nest's coloured lines, for a terminal. */
export type LogFormat = 'json' | 'text';

/** A structured entry: a message and fields of its own, printed at the top level of the JSON line. */
export interface LogFields {
  message: string;
  [field: string]: unknown;
}

/** The levels at or above `level`. */
export function logLevelsFrom(level: AppLogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1) as LogLevel[];
}

function isFields(message: unknown): message is LogFields {
  return typeof message === 'object' && message !== null && !Array.isArray(message) && typeof (message as LogFields).message === 'string';
}

/**
 * The logger of every process (API, worker): Nest's console logger, in JSON lines by default. Each
 * line names its service and, when it is the work of an HTTP request, the request's id (the API's
 * handlers, the workflows and activities that request started or updated). A `LogFields` message
 * puts its fields at the top level of the line:
 *
 *   {"timestamp":1796292000000,"level":"log","pid":4242,"service":"api","context":"http","requestId":"…","message":"request","method":"POST",…}
 */
export class AppLogger extends ConsoleLogger {
  constructor(
    private readonly service: string,
    options: { level: AppLogLevel; format: LogFormat },
  ) {
    super(service, { logLevels: logLevelsFrom(options.level), ...(options.format === 'json' ? { json: true, colors: false } : {}) });
  }

  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const requestId = currentRequestId();
    return {
      timestamp: Date.now(),
      level: options.logLevel,
      pid: process.pid,
      service: this.service,
      ...(options.context ? { context: options.context } : {}),
      ...(requestId ? { requestId } : {}),
      message,
      ...(isFields(message) ? message : {}),
      ...(options.errorStack ? { stack: options.errorStack } : {}),
    };
  }

  /** A line printed whatever the level (a process saying it is ready, and where). */
  announce(message: string | LogFields, context = this.context): void {
    this.printMessages([message], context, 'log');
  }

  /** In text, a structured entry reads `message key=value …`. */
  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (!isFields(message)) return super.stringifyMessage(message, logLevel) as string;
    const { message: text, ...fields } = message;
    const rest = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
    return super.stringifyMessage([text, ...rest].join(' '), logLevel) as string;
  }
}
