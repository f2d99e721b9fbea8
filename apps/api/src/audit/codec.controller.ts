import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBase64, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DomainError, Principal } from '@grants/domain';
import { EncryptionCodec, PayloadJson, payloadFromJson, payloadToJson } from '@grants/temporal';
import { CalledByTemporalUi, CurrentPrincipal, ReadsOnly, Roles } from '../common/auth';
import { APP_CONFIG, AppConfig } from '../common/config.provider';
import { AuditLogService } from './audit-log.service';

export class CodecPayloadDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string', format: 'byte' }, description: 'metadata, each value base64' })
  @IsOptional()
  @IsObject({ message: 'metadata must be an object of base64 strings' })
  metadata?: Record<string, string>;

  @ApiPropertyOptional({ format: 'byte', description: 'the payload, base64' })
  @IsOptional()
  @IsString()
  @IsBase64(undefined, { message: 'data must be base64' })
  @MaxLength(4_000_000)
  data?: string;
}

/** The body of Temporal's remote codec protocol, in and out (Temporal's Go clients send `{}` for no payloads). */
export class CodecPayloadsDto {
  @ApiPropertyOptional({ type: [CodecPayloadDto], maxItems: 1000 })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => CodecPayloadDto)
  payloads?: CodecPayloadDto[];
}

/**
 * Temporal's remote codec endpoint, for the Temporal UI and CLI (`--codec-endpoint`): the payloads the
 * platform encrypts (ENCRYPTION_KEYS) shown in clear to an auditor or an administrator, each decoding logged.
 */
@ApiTags('audit')
@ApiBearerAuth()
@ApiCookieAuth()
@CalledByTemporalUi()
@Controller('temporal-codec')
export class CodecController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly log: AuditLogService,
  ) {}

  @Post('decode')
  @HttpCode(200)
  @Roles('auditor', 'admin')
  @ReadsOnly()
  @ApiOperation({ summary: 'Decrypts Temporal payloads (the remote codec protocol the Temporal UI speaks); payloads not encrypted come back as they are' })
  @ApiHeader({ name: 'X-Namespace', required: false, description: 'the Temporal namespace, as the UI sends it' })
  @ApiResponse({ status: 200, type: CodecPayloadsDto })
  @ApiResponse({ status: 400, description: 'not payloads, or encrypted under a key this platform does not hold' })
  @ApiResponse({ status: 403, description: 'for auditors and administrators only' })
  async decode(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CodecPayloadsDto,
    @Headers('x-namespace') namespace?: string,
  ): Promise<CodecPayloadsDto> {
    this.checkNamespace(namespace);
    const payloads = await this.codec()
      .decode((body.payloads ?? []).map((p) => payloadFromJson(p as PayloadJson)))
      .catch((error: Error) => {
        throw new DomainError(
          'validation',
          `a payload cannot be decrypted: ${error.message.startsWith('a Temporal payload') ? error.message : 'it was altered, or encrypted under another key'}`,
        );
      });
    await this.log.record(principal, 'decode', null);
    return { payloads: payloads.map(payloadToJson) };
  }

  @Post('encode')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Encrypts payloads as the platform does (the Temporal UI encodes what an administrator sends from it)' })
  @ApiHeader({ name: 'X-Namespace', required: false })
  @ApiResponse({ status: 200, type: CodecPayloadsDto })
  @ApiResponse({ status: 403, description: 'for administrators only' })
  async encode(@Body() body: CodecPayloadsDto, @Headers('x-namespace') namespace?: string): Promise<CodecPayloadsDto> {
    this.checkNamespace(namespace);
    const payloads = await this.codec().encode((body.payloads ?? []).map((p) => payloadFromJson(p as PayloadJson)));
    return { payloads: payloads.map(payloadToJson) };
  }

  private codec(): EncryptionCodec {
    if (!this.config.ENCRYPTION_KEYS)
      throw new DomainError('conflict', 'Temporal payloads are not encrypted here (ENCRYPTION_KEYS is not set): there is nothing to decode');
    return new EncryptionCodec(this.config.ENCRYPTION_KEYS);
  }

  private checkNamespace(namespace: string | undefined): void {
    if (namespace && namespace !== this.config.TEMPORAL_NAMESPACE) {
      throw new DomainError('not_found', `this platform encodes the payloads of namespace ${this.config.TEMPORAL_NAMESPACE}, not ${namespace}`);
    }
  }
}
