import { Module } from '@nestjs/common';
import { AuditRepository, ReplayVerdictRepository } from '@grants/persistence';
import { repositoryProvider } from '../common/repository.provider';
import { TemporalModule } from '../common/temporal';
import { AuditLogService } from './audit-log.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { CodecController } from './codec.controller';

@Module({
  imports: [TemporalModule],
  controllers: [AuditController, CodecController],
  providers: [repositoryProvider(AuditRepository), repositoryProvider(ReplayVerdictRepository), AuditService, AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
