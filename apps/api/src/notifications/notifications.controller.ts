import { Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { InboxRepository } from '@grants/persistence';
import { DomainError, Principal, audienceKeysOf } from '@grants/domain';
import { QueryBoolean } from '../common/query-boolean';
import { CurrentPrincipal } from '../common/auth';
import { PageQuery } from '../common/pagination';

export class NotificationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'true: unread only; false: read only' })
  @IsOptional()
  @QueryBoolean()
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

/** The caller's in-app inbox: notifications addressed to its organisation, or its role in its territory. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/notifications')
export class NotificationsController {
  constructor(private readonly inbox: InboxRepository) {}

  @Get()
  @ApiResponse({ status: 200, type: NotificationPageDto })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: NotificationsQuery): Promise<NotificationPageDto> {
    const { rows, total, unread } = await this.inbox.page(audienceKeysOf(principal), principal.sub, query.unread, query.page, query.pageSize);
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
    if (!(await this.inbox.markRead(id, audienceKeysOf(principal), principal.sub))) throw new DomainError('not_found', `no notification ${id} for you`);
    return { read: true };
  }
}
