import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError, Principal, audienceKeysOf } from '../../../../libs/domain/src';
import { CurrentPrincipal } from '../common/auth';
import { PageQuery } from '../common/pagination';

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: unread only; false: read only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty() id!: number;
  @ApiProperty({ type: String, nullable: true }) grantId!: string | null;
  @ApiProperty() eventType!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() body!: string;
  @ApiProperty() createdAt!: string;
  @ApiProperty() read!: boolean;
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] }) items!: NotificationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() unread!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

interface Row {
  id: number;
  grant_id: string | null;
  event_type: string;
  subject: string;
  body: string;
  created_at: Date;
  read: boolean;
}

/** The caller's in-app inbox: notifications addressed to its organisation, or its role in its territory. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @ApiResponse({ status: 200, type: NotificationPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationsQuery): Promise<NotificationPageDto> {
    const audiences = audienceKeysOf(principal);
    const filter = query.unread === undefined ? '' : query.unread ? 'AND r.notification_id IS NULL' : 'AND r.notification_id IS NOT NULL';
    const from = `FROM notifications n
      LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.account_id = $2
      WHERE n.audience = ANY($1)`;
    // In the reader's language (French unless the account chose English).
    const rows: Row[] = await this.dataSource.query(
      `SELECT n.id, n.grant_id, n.event_type, n.created_at, r.notification_id IS NOT NULL AS read,
              CASE WHEN l.language = 'en' THEN coalesce(n.subject_en, n.subject) ELSE n.subject END AS subject,
              CASE WHEN l.language = 'en' THEN coalesce(n.body_en, n.body) ELSE n.body END AS body
       ${from.replace('WHERE', `LEFT JOIN notification_preferences l ON l.account_id = $2 WHERE`)} ${filter}
       ORDER BY n.created_at DESC, n.id DESC LIMIT $3 OFFSET $4`,
      [audiences, principal.sub, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const [{ total, unread }]: { total: number; unread: number }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE true ${filter})::int AS total,
              count(*) FILTER (WHERE r.notification_id IS NULL)::int AS unread ${from}`,
      [audiences, principal.sub],
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        grantId: r.grant_id,
        eventType: r.event_type,
        subject: r.subject,
        body: r.body,
        createdAt: r.created_at.toISOString(),
        read: r.read,
      })),
      total,
      unread,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiResponse({ status: 200 })
  async markRead(@CurrentPrincipal() principal: Principal, @Param('id', ParseIntPipe) id: number): Promise<{ read: true }> {
    const found: unknown[] = await this.dataSource.query('SELECT 1 FROM notifications WHERE id = $1 AND audience = ANY($2)', [
      id,
      audienceKeysOf(principal),
    ]);
    if (!found.length) throw new DomainError('not_found', `no notification ${id} for you`);
    await this.dataSource.query(
      `INSERT INTO notification_reads (notification_id, account_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [id, principal.sub],
    );
    return { read: true };
  }
}
