import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@grants/config';
import { quietReplayLogs } from '@grants/audit';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  quietReplayLogs(); // the API replays histories for auditors
  const app = await createApi(config);
  await app.listen(config.API_PORT, config.API_HOST);
  new Logger('api').log(`listening on ${await app.getUrl()}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
