import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from '../../../../libs/config/src';
import { APP_CONFIG } from './config.provider';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}
