import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength } from 'class-validator';
import { EVENT_TYPES } from '@grants/domain';

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

  @ApiPropertyOptional({ description: 'Admin only: the funder organisation the endpoint is for', pattern: '^[a-z0-9][a-z0-9-]{0,99}$' })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, { message: 'orgId must be an organisation id' })
  orgId?: string;
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
