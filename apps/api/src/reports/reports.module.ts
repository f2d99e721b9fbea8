import { Module } from '@nestjs/common';
import { AnnualReportRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  controllers: [ReportsController],
  providers: [ReportsService, repositoryProvider(AnnualReportRepository)],
})
export class ReportsModule {}
