import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry/lib/client';
import type { OpenTelemetryWorkflowExporter } from '@temporalio/interceptors-opentelemetry/lib/workflow';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry/lib/worker';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';

/** The tracing of a process, when configured. */
export interface Tracing {
  /** Where the process's spans go (the worker's workflow spans too, through the SDK's sink). */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Exports what is left, then stops. */
  shutdown(): Promise<void>;
}

/** Whether traces are configured: an OTLP endpoint in the environment (the OpenTelemetry variables). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT) && env.OTEL_SDK_DISABLED !== 'true';
}

/**
 * Starts the process's tracer when traces are configured (off otherwise: null): spans batched to the
 * OTLP/HTTP endpoint of `OTEL_EXPORTER_OTLP_ENDPOINT` (`/v1/traces` under it) or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, named `OTEL_SERVICE_NAME` or `service`. With `http`, every
 * incoming HTTP request is a span (probes of /health left out), the parent of what the request does:
 * the Temporal client's spans, then the workflow's and the activities' in the worker (the official
 * Temporal interceptors carry the context in headers). Call it before the HTTP server's modules load.
 */
export function startTracing(service: string, options: { http: boolean }): Tracing | null {
  if (!tracingConfigured()) return null;
  const resource = new Resource({ 'service.name': process.env.OTEL_SERVICE_NAME ?? service });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  if (options.http) {
    registerInstrumentations({
      tracerProvider: provider,
      instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/health', ignoreOutgoingRequestHook: () => true })],
    });
  }
  return { spanProcessor, resource, shutdown: () => provider.shutdown() };
}

/** The Temporal client's interceptors of a process with traces (its calls are spans, their context in the headers); none without. */
export function tracingClientInterceptors(): WorkflowClientInterceptor[] {
  return tracingConfigured() ? [new OpenTelemetryWorkflowClientInterceptor()] : [];
}

/** What a worker with traces adds: the activities' spans, and the sink the workflows' spans leave the sandbox by. */
export function tracingWorkerOptions(tracing: Tracing | null): {
  activity: ActivityInterceptorsFactory[];
  sinks: InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> | undefined;
} {
  if (!tracing) return { activity: [], sinks: undefined };
  return {
    activity: [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })],
    sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) },
  };
}
