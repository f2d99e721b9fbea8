import { Module } from '@nestjs/common';
import { TemporalModule } from '../common/temporal';
import { CallsController } from './calls.controller';
import { CallsService } from './calls.service';

@Module({
  imports: [TemporalModule],
  controllers: [CallsController],
  providers: [CallsService],
  exports: [CallsService],
})
export class CallsModule {}
