import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@grants/config';
import { dataSourceOptions } from '@grants/persistence';
import { AccountsModule } from './accounts/accounts.module';
import { AnchoringModule } from './anchoring/anchoring.module';
import { AuditModule } from './audit/audit.module';
import { CallsModule } from './calls/calls.module';
import { AuthGuard } from './common/auth';
import { ConfigModule } from './common/config.module';
import { RequestContextInterceptor } from './common/request-id';
import { TracingShutdown } from './tracing';
import { ErrorsFilter } from './common/errors.filter';
import { RateLimitGuard, rateLimitModule } from './common/rate-limit';
import { TemporalModule } from './common/temporal';
import { DirectoryController } from './directory/directory.controller';
import { DirectoryModule } from './common/directory.module';
import { GrantsModule } from './grants/grants.module';
import { HealthController } from './health/health.controller';
import { IncubationModule } from './incubation/incubation.module';
import { TaskForcesModule } from './task-forces/task-forces.module';
import { ContributionsModule } from './contributions/contributions.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ReportsModule } from './reports/reports.module';
import { CodirsModule } from './codirs/codirs.module';
import { CopilsModule } from './copils/copils.module';
import { MissionSheetsModule } from './mission-sheets/mission-sheets.module';
import { MicroGrantsModule } from './micro-grants/micro-grants.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpenDataModule } from './open-data/open-data.module';

/** Assets carry their hash in their name and are kept an hour; the index is always fresh. */
function noCacheForIndex(response: { setHeader(name: string, value: string): void }, path: string): void {
  if (path.endsWith('.html')) response.setHeader('cache-control', 'no-cache');
}

/** The built web app (dist/web, beside dist/apps): served at /app, every unknown path of it answered by its index. */
const WEB_ROOT = join(__dirname, '../../../web');

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        rateLimitModule(config),
        TypeOrmModule.forRoot(dataSourceOptions(config.DATABASE_URL, config.DATABASE_POOL_SIZE)),
        DirectoryModule,
        JwtModule.register({ secret: config.JWT_SECRET ?? 'development tokens are disabled', signOptions: { algorithm: 'HS256', issuer: config.JWT_ISSUER } }),
        AccountsModule,
        TemporalModule,
        MicroGrantsModule,
        CallsModule,
        AnchoringModule,
        IncubationModule,
        TaskForcesModule,
        ContributionsModule,
        ReferralsModule,
        ReportsModule,
        CodirsModule,
        CopilsModule,
        MissionSheetsModule,
        GrantsModule,
        AuditModule,
        NotificationsModule,
        OpenDataModule,
        ...(existsSync(join(WEB_ROOT, 'index.html'))
          ? [
              ServeStaticModule.forRoot({
                rootPath: WEB_ROOT,
                serveRoot: '/app',
                serveStaticOptions: { index: 'index.html', maxAge: '1h', setHeaders: noCacheForIndex },
              }),
            ]
          : []),
      ],
      controllers: [DirectoryController, HealthController],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        // After the AuthGuard: it counts per account.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor },
        TracingShutdown,
      ],
    };
  }
}
