import { Module } from '@nestjs/common';
import { CodirRepository, ContributionRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { CodirsController } from './codirs.controller';
import { CodirsService } from './codirs.service';

@Module({
  imports: [TemporalModule],
  controllers: [CodirsController],
  providers: [CodirsService, repositoryProvider(CodirRepository), repositoryProvider(ContributionRepository)],
})
export class CodirsModule {}
