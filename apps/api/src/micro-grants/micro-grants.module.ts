import { Module } from '@nestjs/common';
import { TemporalModule } from '../common/temporal';
import { MicroGrantsController } from './micro-grants.controller';
import { MicroGrantsService } from './micro-grants.service';

@Module({
  imports: [TemporalModule],
  controllers: [MicroGrantsController],
  providers: [MicroGrantsService],
  exports: [MicroGrantsService],
})
export class MicroGrantsModule {}
