import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@grants/config';
import { ApiMetrics } from '@grants/observability';
import { APP_CONFIG } from './config.provider';

/** Injection token of the API's metrics: an ApiMetrics when API_METRICS_ADDRESS is set, else null. */
export const API_METRICS = Symbol('API_METRICS');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: API_METRICS, useValue: config.API_METRICS_ADDRESS ? new ApiMetrics() : null },
      ],
      exports: [APP_CONFIG, API_METRICS],
    };
  }
}
