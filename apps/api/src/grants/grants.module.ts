import { AuditRepository, GrantListRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

@Module({
  imports: [AuditModule],
  controllers: [GrantsController],
  providers: [repositoryProvider(GrantListRepository), repositoryProvider(AuditRepository), GrantsService],
})
export class GrantsModule {}
