import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, Principal } from '@grants/domain';
import { PreferencesRepository } from '@grants/persistence';
import { CurrentPrincipal } from '../common/auth';
import { PreferencesDto } from './accounts.dto';
import { AccountsService } from './accounts.service';

/** An account's notification preferences: in-app, e-mail or both, the daily digest, the language. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('me/preferences')
export class PreferencesController {
  constructor(
    private readonly preferencesOf: PreferencesRepository,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your notification channels and digest' })
  @ApiResponse({ status: 200, type: PreferencesDto })
  async preferences(@CurrentPrincipal() principal: Principal): Promise<PreferencesDto> {
    await this.account(principal);
    return this.preferencesOf.get(principal.sub);
  }

  @Put()
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
    if (!(await this.accounts.current(principal.sub)))
      throw new DomainError('not_found', `no account ${principal.sub}: preferences belong to registered accounts`);
  }
}
