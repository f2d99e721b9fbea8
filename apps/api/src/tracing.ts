import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { startTracing } from '@grants/observability/tracing';

/**
 * The API's traces (off unless an OTLP endpoint is configured), started when this module loads:
 * main.ts imports it before the HTTP server's modules, so that each incoming request is a span.
 */
export const tracing = startTracing('grants-api', { http: true });

/** Exports the spans left when the application closes. */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await tracing?.shutdown();
  }
}
