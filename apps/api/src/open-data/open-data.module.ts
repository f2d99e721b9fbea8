import { FundersRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { Module } from '@nestjs/common';
import { TemporalModule } from '../common/temporal';
import { OpenDataController } from './open-data.controller';
import { OpenDataService } from './open-data.service';

@Module({
  imports: [TemporalModule],
  controllers: [OpenDataController],
  providers: [repositoryProvider(FundersRepository), OpenDataService],
})
export class OpenDataModule {}
