import { Module } from '@nestjs/common';
import { TaskForceRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { TaskForcesController } from './task-forces.controller';
import { TaskForcesService } from './task-forces.service';

@Module({
  imports: [TemporalModule],
  controllers: [TaskForcesController],
  providers: [TaskForcesService, repositoryProvider(TaskForceRepository)],
})
export class TaskForcesModule {}
