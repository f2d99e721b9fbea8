import type { ValidationError } from 'class-validator';
import cors from 'cors';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { AppConfig, ConfigError, demoTimeOf } from '@grants/config';
import { DomainError } from '@grants/domain';
import { AppModule } from './app.module';
import { HostileInputPipe } from './common/hostile-input.pipe';
import { completeDocument, methodNotAllowed } from './common/openapi-complete';
import { SESSION_COOKIE, sessionMiddleware } from './auth/session';
import { requestIdMiddleware } from './common/request-id';
import { ApiMetrics, AppLogger } from '@grants/observability';
import { API_METRICS } from './common/config.module';

/** Builds the HTTP application: validation, errors, OpenAPI at /docs and /docs-json. */
export async function createApi(
  config: AppConfig,
  logger = new AppLogger('api', { level: config.LOG_LEVEL, format: config.LOG_FORMAT }),
): Promise<INestApplication> {
  if (!config.SESSION_SECRET) throw new ConfigError('invalid configuration:\n  SESSION_SECRET: required by the API (at least 32 characters)');
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
  });
  app.set('trust proxy', config.TRUST_PROXY_HOPS);
  app.use(requestIdMiddleware(app.get<ApiMetrics | null>(API_METRICS)));
  const pool = (app.get(DataSource).driver as PostgresDriver).master as Pool;
  const demo = demoTimeOf(config);
  if (demo) {
    // Every answer says that time is compressed, so that no one mistakes a demo for real deadlines.
    const header = `compressed; year=${demo.yearSeconds}s; day=${demo.daySeconds}s`;
    app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
      res.setHeader('Demo-Time', header);
      next();
    });
  }
  if (config.TEMPORAL_CODEC_ORIGINS.length) {
    // The Temporal UI decodes payloads from the browser: only its origins, only on the codec routes.
    app.use(
      '/temporal-codec',
      cors({
        origin: config.TEMPORAL_CODEC_ORIGINS,
        credentials: true,
        methods: ['POST'],
        allowedHeaders: ['Content-Type', 'X-Namespace', 'Authorization'],
        maxAge: 600,
      }),
    );
  }
  app.use(sessionMiddleware(config, pool));
  app.useGlobalPipes(
    new HostileInputPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => {
        const fields = errors.map((e) => e.property);
        const messages = validationMessages(errors);
        return new DomainError('validation', messages.join('; '), { fields, messages });
      },
    }),
  );
  app.enableShutdownHooks();
  const document = openApiDocument(app);
  app.use(methodNotAllowed(document));
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}

/** The OpenAPI document of every route, its error answers and links completed (served at /docs-json; the web app's client is generated from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return completeDocument(
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Grants engine: politique de la ville')
        .setDescription('Durable, auditable funding paths of the contrats de ville (Seine-Saint-Denis). Amounts are integer euro cents.')
        .setVersion('0.1.0')
        .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'an API key (gk_…), or outside production a development token' })
        .addCookieAuth(SESSION_COOKIE)
        .build(),
    ),
  );
}

/** Every constraint broken, nested ones named by their path (coordination.yearlyCapCents, members.1.shareCents). */
function validationMessages(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((e) => {
    const at = path ? `${path}.${e.property}` : e.property;
    if (e.constraints) return Object.values(e.constraints).map((m) => (path && !m.includes(e.property) ? `${at}: ${m}` : m));
    if (e.children?.length) return validationMessages(e.children, at);
    return [`${at} is invalid`];
  });
}
