import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CatalogueEntry, EVENT_TYPES, NOTIFICATION_CATALOGUE, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import { CatalogueEntryDto, RegisterWebhookDto, ReplayAcceptedDto, WebhookDeliveryDto, WebhookEndpointDto, WebhookEndpointWithSecretDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

/**
 * Signed webhooks of an organisation: register endpoints for event types, rotate their secret, read
 * each delivery with its attempts, replay a failed one. Deliveries are at least once: receivers
 * de-duplicate by the Webhook-Id header.
 */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post('webhooks')
  @ApiResponse({ status: 201, type: WebhookEndpointWithSecretDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Register an endpoint; the answer carries its secret, shown this once' })
  register(@CurrentPrincipal() principal: Principal, @Body() dto: RegisterWebhookDto): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.register(principal, dto);
  }

  @Get('webhooks')
  @ApiResponse({ status: 200, type: [WebhookEndpointDto] })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: "The organisation's endpoints (secrets never shown again)" })
  list(@CurrentPrincipal() principal: Principal): Promise<WebhookEndpointDto[]> {
    return this.webhooks.list(principal);
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
  rotate(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<WebhookEndpointWithSecretDto> {
    return this.webhooks.rotate(principal, id);
  }

  @Delete('webhooks/:id')
  @HttpCode(200)
  @ApiResponse({ status: 200, type: WebhookEndpointDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Stop sending to an endpoint (its log stays)' })
  remove(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.remove(principal, id);
  }

  @Get('webhooks/:id/deliveries')
  @ApiResponse({ status: 200, type: [WebhookDeliveryDto] })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'failed'] })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'The delivery log: each delivery, its status and every attempt (status code, latency)' })
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query('status') status?: string): Promise<WebhookDeliveryDto[]> {
    return this.webhooks.deliveries(principal, id, status);
  }

  @Post('webhooks/:id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiResponse({ status: 202, type: ReplayAcceptedDto })
  @Roles('association', 'funder', 'admin')
  @ApiOperation({ summary: 'Replay a failed delivery by hand (same delivery id: receivers still de-duplicate)' })
  replay(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('deliveryId') deliveryId: string): Promise<ReplayAcceptedDto> {
    return this.webhooks.replay(principal, id, deliveryId);
  }

  @Get('notifications/catalogue')
  @ApiResponse({ status: 200, type: [CatalogueEntryDto] })
  @ApiOperation({ summary: 'Every event type, its path and who receives it (what webhooks may subscribe to)' })
  catalogue(): ({ eventType: string } & CatalogueEntry)[] {
    return EVENT_TYPES.map((eventType) => ({ eventType, ...NOTIFICATION_CATALOGUE[eventType] }));
  }
}
