import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { GrantsController } from './grants.controller';
import { GrantsService } from './grants.service';

@Module({ imports: [AuditModule], controllers: [GrantsController], providers: [GrantsService] })
export class GrantsModule {}
