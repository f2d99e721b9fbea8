import 'reflect-metadata';
// First: the HTTP instrumentation must patch `http` before Nest's adapter loads it.
import './tracing';
import { loadConfig } from '@grants/config';
import { ApiMetrics, AppLogger } from '@grants/observability';
import { createApi } from './bootstrap';
import { API_METRICS } from './common/config.module';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new AppLogger('api', { level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const app = await createApi(config, logger);
  await app.listen(config.API_PORT, config.API_HOST);
  logger.announce(`listening on ${await app.getUrl()}`);
  const metrics = app.get<ApiMetrics | null>(API_METRICS);
  if (metrics && config.API_METRICS_ADDRESS) {
    // Prometheus scrapes GET /metrics there; the public port does not serve them.
    const server = await metrics.serve(config.API_METRICS_ADDRESS);
    logger.announce(`metrics on http://${config.API_METRICS_ADDRESS}/metrics`);
    process.once('SIGTERM', () => server.close());
    process.once('SIGINT', () => server.close());
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
