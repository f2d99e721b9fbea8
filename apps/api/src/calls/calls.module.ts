import { Module } from '@nestjs/common';
import { CallsRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({
  imports: [TemporalModule],
  controllers: [CallsController],
  providers: [repositoryProvider(CallsRepository), CallsService],
  exports: [CallsService],
})
export class CallsModule {}
