import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, Role } from '@grants/domain';

export class NamedRefDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

export class IdentityDto {
  @ApiProperty() issuer!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
}

/** Who the caller is: its account and authority, or an identity with no account (role null). */
export class MeDto {
  @ApiProperty({ type: String, nullable: true, description: 'null: signed in, but no account is linked to this identity' })
  accountId!: string | null;
  @ApiProperty({ type: String, nullable: true }) name!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ enum: ROLES, nullable: true }) role!: Role | null;
  @ApiProperty({ type: NamedRefDto, nullable: true, description: 'association and funder accounts' }) organisation!: NamedRefDto | null;
  @ApiProperty({ type: NamedRefDto, nullable: true, description: 'project lead and prefect delegate accounts' }) territory!: NamedRefDto | null;
  @ApiProperty({ enum: ['fr', 'en'] }) language!: 'fr' | 'en';
  @ApiProperty({ enum: ['session', 'api_key', 'dev_token'] }) via!: 'session' | 'api_key' | 'dev_token';
  @ApiPropertyOptional({ type: IdentityDto, nullable: true }) identity!: IdentityDto | null;
}

export class LogoutDto {
  @ApiProperty() signedOut!: boolean;
  @ApiProperty({ type: String, nullable: true, description: "the provider's sign-out page, to end the session there too" })
  providerLogoutUrl!: string | null;
}
