import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '../../../../libs/domain/src';

export type AuditAction = 'events' | 'history' | 'replay' | 'verify' | 'export' | 'digest' | 'decode';

/** Every audit read is itself logged: who looked at which grant, how, and when. */
@Injectable()
export class AuditLogService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(principal: Principal, action: AuditAction, grantId: string | null): Promise<void> {
    await this.dataSource.query('INSERT INTO audit_reads (account_id, role, grant_id, action) VALUES ($1, $2, $3, $4)', [
      principal.sub,
      principal.role,
      grantId,
      action,
    ]);
  }

  async list(grantId: string | undefined, page: number, pageSize: number) {
    const rows: { account_id: string; role: string; grant_id: string | null; action: string; at: Date }[] = await this.dataSource.query(
      `SELECT account_id, role, grant_id, action, at FROM audit_reads
       WHERE ($1::text IS NULL OR grant_id = $1) ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
      [grantId ?? null, pageSize, (page - 1) * pageSize],
    );
    return rows.map((r) => ({ accountId: r.account_id, role: r.role, grantId: r.grant_id, action: r.action, at: r.at.toISOString() }));
  }
}
