import { Module } from '@nestjs/common';
import { ContributionRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { ContributionsController } from './contributions.controller';
import { ContributionsService } from './contributions.service';

@Module({
  imports: [TemporalModule],
  controllers: [ContributionsController],
  providers: [ContributionsService, repositoryProvider(ContributionRepository)],
})
export class ContributionsModule {}
