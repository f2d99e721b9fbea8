import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '@grants/config';
import { APP_CONFIG } from './config.provider';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
