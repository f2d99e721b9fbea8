import { Injectable } from '@nestjs/common';
import { Principal } from '@grants/domain';
import { AuditRead, AuditRepository } from '@grants/persistence';

export type AuditAction = 'events' | 'history' | 'replay' | 'replay-verdicts' | 'verify' | 'export' | 'digest' | 'decode';

/** Every audit read is itself logged: who looked at which grant, how, and when. */
@Injectable()
export class AuditLogService {
  constructor(private readonly audit: AuditRepository) {}

  record(principal: Principal, action: AuditAction, grantId: string | null): Promise<void> {
    return this.audit.recordRead({ accountId: principal.sub, role: principal.role, grantId, action });
  }

  list(grantId: string | undefined, page: number, pageSize: number): Promise<AuditRead[]> {
    return this.audit.reads(grantId, page, pageSize);
  }
}
