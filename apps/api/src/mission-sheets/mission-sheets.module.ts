import { Module } from '@nestjs/common';
import { AnnualReportRepository, MissionSheetRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { MissionSheetsController } from './mission-sheets.controller';
import { MissionSheetsService } from './mission-sheets.service';

@Module({
  imports: [TemporalModule],
  controllers: [MissionSheetsController],
  providers: [MissionSheetsService, repositoryProvider(MissionSheetRepository), repositoryProvider(AnnualReportRepository)],
})
export class MissionSheetsModule {}
