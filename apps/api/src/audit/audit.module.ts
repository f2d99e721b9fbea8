import { Module } from '@nestjs/common';
import { TemporalModule } from '../common/temporal';
import { AuditLogService } from './audit-log.service';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

@Module({
  imports: [TemporalModule],
  controllers: [AuditController],
  providers: [AuditService, AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
