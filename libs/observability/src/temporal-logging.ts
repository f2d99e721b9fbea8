import type { LogLevel as TemporalLogLevel, LogMetadata } from '@temporalio/common';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type TelemetryOptions } from '@temporalio/worker';
import type { AppLogLevel, AppLogger } from './logger';

const TEMPORAL_LEVEL: Record<AppLogLevel, TemporalLogLevel> = { error: 'ERROR', warn: 'WARN', log: 'INFO', debug: 'DEBUG', verbose: 'TRACE' };

/** Errors in a log entry's fields as their message and stack (JSON.stringify prints `{}` for an Error). */
function plain(meta: LogMetadata | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(meta ?? {}).map(([key, value]) => [key, value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value]),
  );
}

/**
 * Installs the worker's Temporal runtime: the SDK's logs (worker, workflow, activity) and the
 * core's (forwarded) go through the process's logger, so they are JSON lines like the rest, with
 * the workflow's and activity's attributes (workflowId, runId, activityType, requestId…) as fields.
 * `telemetry` adds the core's metrics exporter when configured.
 */
export function installWorkerRuntime(logger: AppLogger, level: AppLogLevel, telemetry: Pick<TelemetryOptions, 'metrics'> = {}): Runtime {
  const temporalLevel = TEMPORAL_LEVEL[level];
  return Runtime.install({
    logger: new DefaultLogger(temporalLevel, (entry) => {
      const { sdkComponent, ...meta } = plain(entry.meta);
      const fields = { message: entry.message, ...meta };
      const context = typeof sdkComponent === 'string' ? `temporal-${sdkComponent}` : 'temporal';
      if (entry.level === 'ERROR') logger.error(fields, undefined, context);
      else if (entry.level === 'WARN') logger.warn(fields, context);
      else if (entry.level === 'INFO') logger.log(fields, context);
      else if (entry.level === 'DEBUG') logger.debug(fields, context);
      else logger.verbose(fields, context);
    }),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: temporalLevel === 'INFO' ? 'WARN' : temporalLevel }), forward: {} },
      ...telemetry,
    },
  });
}
