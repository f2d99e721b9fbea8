import { randomBytes, randomUUID } from 'node:crypto';
import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { EndpointRow, PreferencesRepository, WebhookEndpointsRepository } from '../../../../libs/persistence/src';
import { AccountsService } from '../accounts/accounts.service';
import { DomainError, Principal } from '../../../../libs/domain/src';
import { CurrentPrincipal, Roles } from '../common/auth';
import { webhookRetryOf } from '../../../../libs/config/src';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { targetProblem } from '../../../../libs/webhooks/src/public-target';
import { seal } from '../../../../libs/webhooks/src/secret-box';
import { CatalogueEntry, EVENT_TYPES, NOTIFICATION_CATALOGUE } from '../../../../libs/domain/src';

export class RegisterWebhookDto {
  @ApiProperty({ example: 'https://crm.example.org/hooks/grants' })
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url!: string;

  @ApiProperty({ example: ['PaymentOrdered', 'ApplicationAwarded'], description: 'Event types from GET /notifications/catalogue, or "*"' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsIn(['*', ...EVENT_TYPES], { each: true, message: 'eventTypes must be event types of the catalogue (GET /notifications/catalogue), or "*"' })
  eventTypes!: string[];

  @ApiPropertyOptional({ description: "Admin only: the funder organisation the endpoint is for" })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, { message: 'orgId must be an organisation id' })
  orgId?: string;
}

export class PreferencesDto {
  @ApiProperty({ enum: ['in_app', 'email', 'both'] })
  @IsIn(['in_app', 'email', 'both'], { message: 'channels must be in_app, email or both' })
  channels!: 'in_app' | 'email' | 'both';

  @ApiProperty({ description: "Gather the day's notifications into one e-mail (sent at 19:00, Paris time)" })
  @IsBoolean()
  dailyDigest!: boolean;

  @ApiPropertyOptional({ enum: ['fr', 'en'], default: 'fr', description: 'French is the default; English is available' })
  @IsOptional()
  @IsIn(['fr', 'en'], { message: 'language must be fr or en' })
  language?: 'fr' | 'en';
}

export class WebhookEndpointDto {
  @ApiProperty({ example: 'wh-…' }) id!: string;
  @ApiProperty() orgId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String] }) eventTypes!: string[];
  @ApiProperty({ description: 'how many secrets it has had (1, then one more at each rotation)' }) secretVersion!: number;
  @ApiProperty({ description: 'false once removed (its log stays)' }) active!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) rotatedAt!: string | null;
}
export class WebhookEndpointWithSecretDto extends WebhookEndpointDto {
  @ApiPropertyOptional({ description: 'the signing secret, shown this once (absent when an admin rotates another organisation’s)' }) secret?: string;
}
export class WebhookAttemptDto {
  @ApiProperty() at!: string;
  @ApiProperty({ type: Number, nullable: true }) statusCode!: number | null;
  @ApiProperty({ type: Number, nullable: true }) latencyMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() secretVersion!: number;
}
export class WebhookDeliveryDto {
  @ApiProperty({ example: 'dlv-…' }) id!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() streamId!: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] }) status!: string;
  @ApiProperty({ type: [WebhookAttemptDto] }) attempts!: WebhookAttemptDto[];
  @ApiProperty({ type: Number, nullable: true }) lastStatusCode!: number | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) failedAt!: string | null;
}
export class ReplayAcceptedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: string;
}
export class CatalogueEntryDto {
  @ApiProperty() eventType!: string;
  @ApiProperty() path!: string;
  @ApiProperty() recipients!: string;
}

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64, as receivers' libraries expect. */
const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const endpointView = (e: EndpointRow) => ({
  id: e.id,
  orgId: e.org_id,
  url: e.url,
  eventTypes: e.event_types,
  secretVersion: e.secret_version,
  active: e.active,
  createdAt: e.created_at.toISOString(),
  rotatedAt: e.rotated_at?.toISOString() ?? null,
});

/**
 * Signed webhooks of an organisation: register endpoints for event types, rotate their secret, read
 * each delivery with its attempts, replay a failed one. Deliveries are at least once: receivers
 * de-duplicate by the Webhook-Id header.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly preferencesOf: PreferencesRepository,
    private readonly accounts: AccountsService,
    private readonly temporal: TemporalClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('webhooks')
  @ApiResponse({ status: 201, type: WebhookEndpointWithSecretDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Register an endpoint; the answer carries its secret, shown this once' })
  async register(@CurrentPrincipal() principal: Principal, @Body() dto: RegisterWebhookDto) {
    let orgId = principal.org;
    if (principal.role === 'admin') {
      if (!dto.orgId) throw new DomainError('validation', 'orgId: name the funder the endpoint is for');
      if (!(await this.accounts.scopeExists('funder', dto.orgId))) throw new DomainError('validation', `orgId: no funder ${dto.orgId} (an admin registers endpoints for funders)`);
      orgId = dto.orgId;
    } else if (dto.orgId && dto.orgId !== principal.org) {
      throw new DomainError('forbidden', 'an organisation registers its own endpoints');
    }
    const problem = await targetProblem(dto.url, { allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS, requireHttps: this.config.NODE_ENV === 'production' });
    if (problem) throw new DomainError('validation', problem, { fields: ['url'] });
    const id = `wh-${randomUUID()}`;
    const secret = newWebhookSecret();
    const row = await this.endpoints.create(
      { id, orgId: orgId!, url: dto.url, eventTypes: [...new Set(dto.eventTypes)], secret: seal(this.config.ENCRYPTION_KEYS, secret), createdBy: principal.sub },
      this.config.WEBHOOK_ENDPOINTS_PER_ORG,
    );
    if (!row) {
      throw new DomainError('conflict', `an organisation has at most ${this.config.WEBHOOK_ENDPOINTS_PER_ORG} active endpoints: remove one (DELETE /webhooks/:id) first`);
    }
    return { ...endpointView(row), secret };
  }

  @Get('webhooks')
  @ApiResponse({ status: 200, type: [WebhookEndpointDto] })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: "The organisation's endpoints (secrets never shown again)" })
  async list(@CurrentPrincipal() principal: Principal) {
    return (await this.endpoints.list(principal.role === 'admin' ? null : principal.org!)).map(endpointView);
  }

  @Post('webhooks/:id/rotate-secret')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: WebhookEndpointWithSecretDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({
    summary:
      'A new secret: it signs every delivery from now on (the old one stops at once). Shown to the organisation that owns the endpoint only: ' +
      "an admin rotating another organisation's secret revokes the old one, and the organisation rotates again to read its new one",
  })
  async rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    const endpoint = await this.owned(principal, id);
    const secret = newWebhookSecret();
    await this.endpoints.rotateSecret(id, seal(this.config.ENCRYPTION_KEYS, secret));
    const view = endpointView(await this.owned(principal, id));
    return principal.org === endpoint.org_id ? { ...view, secret } : view;
  }

  @Delete('webhooks/:id')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: WebhookEndpointDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Stop sending to an endpoint (its log stays)' })
  async remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    await this.owned(principal, id);
    await this.endpoints.deactivate(id);
    return endpointView(await this.owned(principal, id));
  }

  @Get('webhooks/:id/deliveries')
  @ApiResponse({ status: 200, type: [WebhookDeliveryDto] })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'failed'] })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'The delivery log: each delivery, its status and every attempt (status code, latency)' })
  async deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('status') status?: string) {
    await this.owned(principal, id);
    if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status)) {
      throw new DomainError('validation', 'status must be pending, delivered or failed');
    }
    const { deliveries, attempts } = await this.endpoints.deliveries(id, status ?? null);
    return deliveries.map((d) => ({
      id: d.id,
      eventType: d.event_type,
      streamId: d.stream_id,
      status: d.status,
      attempts: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({ at: a.at.toISOString(), statusCode: a.status_code, latencyMs: a.latency_ms, error: a.error, secretVersion: a.secret_version })),
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      createdAt: d.created_at.toISOString(),
      deliveredAt: d.delivered_at?.toISOString() ?? null,
      failedAt: d.failed_at?.toISOString() ?? null,
    }));
  }

  @Post('webhooks/:id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: ReplayAcceptedDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Replay a failed delivery by hand (same delivery id: receivers still de-duplicate)' })
  async replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    await this.owned(principal, id);
    const delivery = await this.endpoints.findDelivery(deliveryId, id);
    if (!delivery) throw new DomainError('not_found', `no delivery ${deliveryId} for endpoint ${id}`);
    if (delivery.status !== 'failed') throw new DomainError('conflict', `the delivery is ${delivery.status}: only a failed delivery is replayed`);
    await this.endpoints.reopenFailedDelivery(deliveryId);
    await this.temporal.call(() =>
      this.temporal.workflow.start('webhookDeliveryWorkflow', {
        workflowId: `${deliveryId}-replay-${delivery.attempts}`,
        taskQueue: this.temporal.taskQueue,
        args: [{ deliveryId, retry: webhookRetryOf(this.config) }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
    return { id: deliveryId, status: 'pending' };
  }

  @Get('notifications/catalogue')
  @ApiResponse({ status: 200, type: [CatalogueEntryDto] })
  @ApiOperation({ summary: 'Every event type, its path and who receives it (what webhooks may subscribe to)' })
  catalogue(): ({ eventType: string } & CatalogueEntry)[] {
    return EVENT_TYPES.map((eventType) => ({ eventType, ...NOTIFICATION_CATALOGUE[eventType] }));
  }

  @Get('me/preferences')
  @ApiOperation({ summary: 'Your notification channels and digest' })
  @ApiResponse({ status: 200, type: PreferencesDto })
  async preferences(@CurrentPrincipal() principal: Principal): Promise<PreferencesDto> {
    await this.account(principal);
    return this.preferencesOf.get(principal.sub);
  }

  @Put('me/preferences')
  @ApiOperation({ summary: 'Choose in-app, e-mail or both, and a daily digest instead of one e-mail per event' })
  @ApiResponse({ status: 200, type: PreferencesDto })
  @ApiResponse({ status: 400, description: 'the field at fault' })
  async setPreferences(@CurrentPrincipal() principal: Principal, @Body() dto: PreferencesDto): Promise<PreferencesDto> {
    await this.account(principal);
    const preferences = { channels: dto.channels, dailyDigest: dto.dailyDigest, language: dto.language ?? 'fr' } as const;
    await this.preferencesOf.save(principal.sub, preferences);
    return preferences;
  }

  private async account(principal: Principal): Promise<void> {
    if (!(await this.accounts.current(principal.sub))) throw new DomainError('not_found', `no account ${principal.sub}: preferences belong to registered accounts`);
  }

  private async owned(principal: Principal, id: string): Promise<EndpointRow> {
    if (!/^wh-[0-9a-f-]{36}$/.test(id)) throw new DomainError('not_found', `no webhook endpoint ${id}`);
    const row = await this.endpoints.find(id);
    if (!row || (principal.role !== 'admin' && row.org_id !== principal.org)) throw new DomainError('not_found', `no webhook endpoint ${id}`);
    return row;
  }
}
