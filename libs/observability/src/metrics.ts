import { createServer, type Server } from 'node:http';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** `host:port` → where to listen (a bare port listens on every interface). */
export function listenAddress(address: string): { host?: string; port: number } {
  const at = address.lastIndexOf(':');
  const port = Number(address.slice(at + 1));
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`not a host:port: ${address}`);
  return at > 0 ? { host: address.slice(0, at).replace(/^\[(.*)\]$/, '$1'), port } : { port };
}

/**
 * The API's metrics for Prometheus (off unless API_METRICS_ADDRESS is set): the process's own
 * (CPU, memory, event loop, GC), the HTTP answers by route pattern and status, and the Temporal
 * client's calls by operation and outcome (the client SDK has no metrics of its own; the worker's
 * come from the SDK's core, on WORKER_METRICS_ADDRESS). Served on a listener of their own, not on
 * the public port.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly temporal: Histogram<'operation' | 'outcome'>;

  constructor() {
    this.registry.setDefaultLabels({ service: 'api' });
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'HTTP answers of the API, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    this.temporal = new Histogram({
      name: 'temporal_client_request_duration_seconds',
      help: "The API's calls to Temporal (start, update-with-start, update, signal, query), by operation and outcome",
      labelNames: ['operation', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
  }

  /** One HTTP answer; `route` is the route's pattern (`/micro-grants/:id`), never the path itself. */
  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.http.observe({ method, route, status: String(status) }, seconds);
  }

  /** The Temporal client's interceptor that times every call it sends. */
  clientInterceptor(): WorkflowClientInterceptor {
    const timed =
      <I, O>(operation: string) =>
      async (input: I, next: (input: I) => Promise<O>): Promise<O> => {
        const end = this.temporal.startTimer({ operation });
        try {
          const output = await next(input);
          end({ outcome: 'ok' });
          return output;
        } catch (error) {
          end({ outcome: 'error' });
          throw error;
        }
      };
    return {
      start: timed('start'),
      startWithDetails: timed('start'),
      startUpdate: timed('update'),
      startUpdateWithStart: timed('updateWithStart'),
      signal: timed('signal'),
      signalWithStart: timed('signalWithStart'),
      query: timed('query'),
      describe: timed('describe'),
    };
  }

  /** Serves GET /metrics (the text format) on `address`; anything else is a 404. */
  async serve(address: string): Promise<Server> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      this.registry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': this.registry.contentType }).end(text),
        (error: Error) => res.writeHead(500).end(error.message),
      );
    });
    const { host, port } = listenAddress(address);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return server;
  }
}
