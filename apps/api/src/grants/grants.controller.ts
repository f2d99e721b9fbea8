import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal } from '../../../../libs/domain/src';
import { CurrentPrincipal } from '../common/auth';
import { GrantEventDto, GrantPageDto, ListGrantsQuery } from './grants.dto';
import { GrantsService } from './grants.service';

@ApiTags('grants')
@ApiBearerAuth()
@Controller('grants')
export class GrantsController {
  constructor(private readonly grants: GrantsService) {}

  @Get()
  @ApiOperation({ summary: 'Grants of every path, from the read model (an association sees its own only)' })
  @ApiResponse({ status: 200, type: GrantPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListGrantsQuery): Promise<GrantPageDto> {
    return this.grants.list(principal, query);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A grant's domain events, in order" })
  @ApiResponse({ status: 200, type: [GrantEventDto] })
  events(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GrantEventDto[]> {
    return this.grants.events(principal, id);
  }
}
