import { Module } from '@nestjs/common';
import { ContributionRepository, ReferralRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { ReferralsController } from './referrals.controller';
import { ReferralsService } from './referrals.service';

@Module({
  imports: [TemporalModule],
  controllers: [ReferralsController],
  providers: [ReferralsService, repositoryProvider(ReferralRepository), repositoryProvider(ContributionRepository)],
})
export class ReferralsModule {}
