import { IncubationsRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { TemporalModule } from '../common/temporal';
import { MicroGrantsModule } from '../micro-grants/micro-grants.module';
import { IncubationController } from './incubation.controller';
import { IncubationService } from './incubation.service';

@Module({
  imports: [TemporalModule, MicroGrantsModule, CallsModule],
  controllers: [IncubationController],
  providers: [repositoryProvider(IncubationsRepository), IncubationService],
})
export class IncubationModule {}
