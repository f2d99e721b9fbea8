import { Module } from '@nestjs/common';
import { AnnualReportRepository, CopilRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { CopilsController } from './copils.controller';
import { CopilsService } from './copils.service';

@Module({
  imports: [TemporalModule],
  controllers: [CopilsController],
  providers: [CopilsService, repositoryProvider(CopilRepository), repositoryProvider(AnnualReportRepository)],
})
export class CopilsModule {}
