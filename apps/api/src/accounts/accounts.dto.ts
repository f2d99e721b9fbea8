import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Type } from 'class-transformer';
import { ROLES, Role } from '@grants/domain';
import { AUTH_EVENT_TYPES, AccountRecord, ApiKeyRecord, AuthEventRecord, AuthEventType } from '@grants/persistence';
import { PageMetaDto, PageQuery } from '../common/pagination';
import { API_KEY_MAX_DAYS } from './api-keys.service';

const ID = /^[a-z0-9][a-z0-9-]{0,99}$/;
const STATUSES = ['invited', 'active', 'disabled'] as const;

export class InvitationDto {
  @ApiProperty({ example: 'tresorerie@asso-exemple.fr', description: 'the e-mail the person will sign in with' })
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ description: 'required for association and funder accounts, absent otherwise', example: 'assoc-francs-moisins' })
  @IsOptional()
  @Matches(ID, { message: 'organisationId must be a directory id (lower-case letters, digits, dashes)' })
  organisationId?: string;

  @ApiPropertyOptional({ description: 'required for project_lead and prefect_delegate accounts, absent otherwise', example: 'plaine-commune' })
  @IsOptional()
  @Matches(ID, { message: 'territoryId must be a directory id (lower-case letters, digits, dashes)' })
  territoryId?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class AccountChangeDto {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it (a role that has none)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(ID, { message: 'organisationId must be a directory id (lower-case letters, digits, dashes)' })
  organisationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'null removes it (a role that has none)' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Matches(ID, { message: 'territoryId must be a directory id (lower-case letters, digits, dashes)' })
  territoryId?: string | null;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;
}

export class AccountsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES)
  status?: (typeof STATUSES)[number];

  @ApiPropertyOptional({ description: 'part of the name, e-mail or id', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

export class AccountDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ROLES }) role!: Role;
  @ApiProperty({ type: String, nullable: true }) organisationId!: string | null;
  @ApiProperty({ type: String, nullable: true }) territoryId!: string | null;
  @ApiProperty() displayName!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: STATUSES, description: 'invited: waiting for its first sign-in' }) status!: (typeof STATUSES)[number];
  @ApiProperty({ description: 'an identity is linked (the person has signed in)' }) linked!: boolean;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ type: String, nullable: true }) lastSignInAt!: string | null;
}

export class AccountPageDto extends PageMetaDto {
  @ApiProperty({ type: [AccountDto] }) items!: AccountDto[];
}

export function accountDto(account: AccountRecord): AccountDto {
  return {
    id: account.id,
    role: account.role,
    organisationId: account.orgId,
    territoryId: account.territoryId,
    displayName: account.displayName,
    email: account.email,
    status: account.status,
    linked: account.identityIssuer !== null,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    lastSignInAt: account.lastSignInAt,
  };
}

export class AuthEventsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'events of this account (concerned or acting)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  accountId?: string;

  @ApiPropertyOptional({ enum: AUTH_EVENT_TYPES })
  @IsOptional()
  @IsIn(AUTH_EVENT_TYPES)
  type?: AuthEventType;
}

export class AuthEventDto {
  @ApiProperty() id!: number;
  @ApiProperty() at!: string;
  @ApiProperty({ enum: AUTH_EVENT_TYPES }) type!: AuthEventType;
  @ApiProperty({ type: String, nullable: true, description: 'the account concerned' }) accountId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'who did it' }) actorId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the address the request came from' }) ip!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail!: Record<string, unknown>;
}

export class AuthEventPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuthEventDto] }) items!: AuthEventDto[];
}

export function authEventDto(event: AuthEventRecord): AuthEventDto {
  return { ...event };
}

export class ApiKeyRequestDto {
  @ApiProperty({ example: 'Système d’information de la CAF', maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ['read', 'read_write'], description: 'read: GET only; read_write: everything the account may do' })
  @IsIn(['read', 'read_write'])
  scope!: 'read' | 'read_write';

  @ApiPropertyOptional({ default: 90, minimum: 1, maximum: API_KEY_MAX_DAYS, description: 'days until it expires (a year at most)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(API_KEY_MAX_DAYS)
  expiresInDays: number = 90;
}

export class ApiKeyDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ['read', 'read_write'] }) scope!: 'read' | 'read_write';
  @ApiProperty() createdAt!: string;
  @ApiProperty() expiresAt!: string;
  @ApiProperty({ type: String, nullable: true }) revokedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastUsedAt!: string | null;
}

export class CreatedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ description: 'the key itself, shown this once only: send it as "Authorization: Bearer <key>"' })
  key!: string;
}

export function apiKeyDto(record: ApiKeyRecord): ApiKeyDto {
  return {
    id: record.id,
    name: record.name,
    scope: record.scope,
    createdAt: record.createdAt,
    expiresAt: record.expiresAt,
    revokedAt: record.revokedAt,
    lastUsedAt: record.lastUsedAt,
  };
}

/** How an account hears of what happens: its channels, the daily digest, its language. */
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
