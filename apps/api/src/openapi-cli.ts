// `node dist/apps/api/src/openapi-cli.js <file>`: writes the API's OpenAPI document without starting
// anything (Nest's preview mode: no database, no Temporal), for the web app's generated client.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { loadConfig } from '@grants/config';
import { AppModule } from './app.module';
import { openApiDocument } from './bootstrap';

async function main(file: string): Promise<void> {
  const config = loadConfig({
    DATABASE_URL: 'postgres://preview.invalid/none',
    SESSION_SECRET: 'p'.repeat(32),
    NODE_ENV: 'production',
    ENCRYPTION_KEYS: `preview:${'0'.repeat(64)}`,
  });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false });
  writeFileSync(file, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  await app.close();
}

main(process.argv[2] ?? 'openapi.json').catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
