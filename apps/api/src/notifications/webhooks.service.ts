import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { webhookRetryOf } from '@grants/config';
import { DomainError, Principal } from '@grants/domain';
import { EndpointRow, WebhookEndpointsRepository } from '@grants/persistence';
import { targetProblem } from '@grants/webhooks/public-target';
import { seal } from '@grants/webhooks/secret-box';
import { AccountsService } from '../accounts/accounts.service';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { TemporalClient } from '../common/temporal';
import { RegisterWebhookDto, ReplayAcceptedDto, WebhookDeliveryDto, WebhookEndpointDto, WebhookEndpointWithSecretDto } from './webhooks.dto';

/** A Standard Webhooks secret: `whsec_` and 24 random bytes in base64, as receivers' libraries expect. */
const newWebhookSecret = () => `whsec_${randomBytes(24).toString('base64')}`;

const endpointView = (e: EndpointRow): WebhookEndpointDto => ({
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
 * An organisation's signed webhooks: its endpoints (an admin's for a funder), their secrets sealed
 * with the key ring and shown once, each delivery with its attempts, a failed one replayed by a new
 * run of its delivery workflow. Another organisation's endpoint is « not found ».
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly accounts: AccountsService,
    private readonly temporal: TemporalClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(principal: Principal, dto: RegisterWebhookDto): Promise<WebhookEndpointWithSecretDto> {
    let orgId = principal.org;
    if (principal.role === 'admin') {
      if (!dto.orgId) throw new DomainError('validation', 'orgId: name the funder the endpoint is for');
      if (!(await this.accounts.scopeExists('funder', dto.orgId)))
        throw new DomainError('validation', `orgId: no funder ${dto.orgId} (an admin registers endpoints for funders)`);
      orgId = dto.orgId;
    } else if (dto.orgId && dto.orgId !== principal.org) {
      throw new DomainError('forbidden', 'an organisation registers its own endpoints');
    }
    const problem = await targetProblem(dto.url, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE_TARGETS,
      requireHttps: this.config.NODE_ENV === 'production',
    });
    if (problem) throw new DomainError('validation', problem, { fields: ['url'] });
    const secret = newWebhookSecret();
    const row = await this.endpoints.create(
      {
        id: `wh-${randomUUID()}`,
        orgId: orgId!,
        url: dto.url,
        eventTypes: [...new Set(dto.eventTypes)],
        secret: seal(this.config.ENCRYPTION_KEYS, secret),
        createdBy: principal.sub,
      },
      this.config.WEBHOOK_ENDPOINTS_PER_ORG,
    );
    if (!row) {
      throw new DomainError(
        'conflict',
        `an organisation has at most ${this.config.WEBHOOK_ENDPOINTS_PER_ORG} active endpoints: remove one (DELETE /webhooks/:id) first`,
      );
    }
    return { ...endpointView(row), secret };
  }

  async list(principal: Principal): Promise<WebhookEndpointDto[]> {
    return (await this.endpoints.list(principal.role === 'admin' ? null : principal.org!)).map(endpointView);
  }

  /** A new secret, shown to the organisation that owns the endpoint only (an admin's rotation revokes the old one). */
  async rotate(principal: Principal, id: string): Promise<WebhookEndpointWithSecretDto> {
    const endpoint = await this.owned(principal, id);
    const secret = newWebhookSecret();
    await this.endpoints.rotateSecret(id, seal(this.config.ENCRYPTION_KEYS, secret));
    const view = endpointView(await this.owned(principal, id));
    return principal.org === endpoint.org_id ? { ...view, secret } : view;
  }

  async remove(principal: Principal, id: string): Promise<WebhookEndpointDto> {
    await this.owned(principal, id);
    await this.endpoints.deactivate(id);
    return endpointView(await this.owned(principal, id));
  }

  async deliveries(principal: Principal, id: string, status?: string): Promise<WebhookDeliveryDto[]> {
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

  /** A failed delivery sent again by a new run of its workflow (the same delivery id: receivers still de-duplicate). */
  async replay(principal: Principal, id: string, deliveryId: string): Promise<ReplayAcceptedDto> {
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

  private async owned(principal: Principal, id: string): Promise<EndpointRow> {
    if (!/^wh-[0-9a-f-]{36}$/.test(id)) throw new DomainError('not_found', `no webhook endpoint ${id}`);
    const row = await this.endpoints.find(id);
    if (!row || (principal.role !== 'admin' && row.org_id !== principal.org)) throw new DomainError('not_found', `no webhook endpoint ${id}`);
    return row;
  }
}
