import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal } from '@grants/domain';
import { AuthEventsRepository } from '@grants/persistence';
import { AuthenticatedRequest, CurrentPrincipal, NotWithApiKey, Roles } from '../common/auth';
import {
  AccountChangeDto,
  AccountDto,
  AccountPageDto,
  AccountsQuery,
  ApiKeyDto,
  ApiKeyRequestDto,
  AuthEventPageDto,
  AuthEventsQuery,
  CreatedApiKeyDto,
  InvitationDto,
  accountDto,
  apiKeyDto,
  authEventDto,
} from './accounts.dto';
import { AccountsService, Actor } from './accounts.service';
import { ApiKeysService } from './api-keys.service';

function actorOf(request: AuthenticatedRequest): Actor & { accountId: string } {
  return { accountId: request.principal!.sub, ip: request.ip ?? null };
}

/** Administration of accounts: invitations, roles and scopes, disabling; the record of sign-ins and changes. */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly events: AuthEventsRepository,
  ) {}

  @Post('invitations')
  @Roles('admin')
  @ApiOperation({ summary: 'Invites a person by e-mail with a role and its scope; their first sign-in with that e-mail links them' })
  @ApiResponse({ status: 201, type: AccountDto })
  @ApiResponse({ status: 400, description: 'a role without its scope, or a scope not in the directory' })
  @ApiResponse({ status: 409, description: 'an account already exists for this e-mail' })
  async invite(@Req() request: AuthenticatedRequest, @Body() body: InvitationDto): Promise<AccountDto> {
    return accountDto(await this.accounts.invite(actorOf(request), body));
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Every account, by name' })
  @ApiResponse({ status: 200, type: AccountPageDto })
  async list(@Query() query: AccountsQuery): Promise<AccountPageDto> {
    const { items, total } = await this.accounts.list(query);
    return { items: items.map(accountDto), total, page: query.page, pageSize: query.pageSize };
  }

  @Get('events')
  @Roles('admin', 'auditor')
  @ApiOperation({ summary: 'Sign-ins, failed sign-ins, sign-outs and every account change: who, when, from which address' })
  @ApiResponse({ status: 200, type: AuthEventPageDto })
  async authEvents(@Query() query: AuthEventsQuery): Promise<AuthEventPageDto> {
    const { items, total } = await this.events.list(query);
    return { items: items.map(authEventDto), total, page: query.page, pageSize: query.pageSize };
  }

  @Get(':id')
  @Roles('admin')
  @ApiResponse({ status: 200, type: AccountDto })
  @ApiResponse({ status: 404 })
  async get(@Param('id') id: string): Promise<AccountDto> {
    return accountDto(await this.accounts.get(id));
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Changes a role, its scope or the name; the account's sessions end when its authority changes" })
  @ApiResponse({ status: 200, type: AccountDto })
  @ApiResponse({ status: 400 })
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'the last active admin cannot stop being one' })
  async update(@Req() request: AuthenticatedRequest, @Param('id') id: string, @Body() body: AccountChangeDto): Promise<AccountDto> {
    return accountDto(await this.accounts.update(actorOf(request), id, body));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Disables an account: its sessions and API keys stop working at once' })
  @ApiResponse({ status: 200, type: AccountDto })
  @ApiResponse({ status: 404 })
  @ApiResponse({ status: 409, description: 'your own account, or the last active admin' })
  async disable(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<AccountDto> {
    return accountDto(await this.accounts.setDisabled(actorOf(request), id, true));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @Roles('admin')
  @ApiResponse({ status: 200, type: AccountDto })
  @ApiResponse({ status: 404 })
  async enable(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<AccountDto> {
    return accountDto(await this.accounts.setDisabled(actorOf(request), id, false));
  }
}

/** The caller's own API keys, for machine clients (a funder's information system, a script). */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('me/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @NotWithApiKey()
  @ApiOperation({ summary: "Creates a key acting with this account's authority (never more), shown once, stored hashed, a year at most" })
  @ApiResponse({ status: 201, type: CreatedApiKeyDto })
  @ApiResponse({ status: 403, description: 'an API key cannot create keys' })
  async create(@Req() request: AuthenticatedRequest, @Body() body: ApiKeyRequestDto): Promise<CreatedApiKeyDto> {
    const { key, record } = await this.keys.create(actorOf(request), body);
    return { ...apiKeyDto(record), key };
  }

  @Get()
  @ApiResponse({ status: 200, type: [ApiKeyDto] })
  async list(@CurrentPrincipal() principal: Principal): Promise<ApiKeyDto[]> {
    return (await this.keys.list(principal.sub)).map(apiKeyDto);
  }

  @Delete(':id')
  @NotWithApiKey()
  @ApiOperation({ summary: 'Revokes a key: it stops working at once' })
  @ApiResponse({ status: 200, type: ApiKeyDto })
  @ApiResponse({ status: 404, description: 'not a key of yours' })
  async revoke(@Req() request: AuthenticatedRequest, @Param('id') id: string): Promise<ApiKeyDto> {
    return apiKeyDto(await this.keys.revoke(actorOf(request), id));
  }
}
