import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import { ExportGrantsQuery, GrantEventDto, GrantPageDto, ListGrantsQuery } from './grants.dto';
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

  @Get('export')
  @Roles('auditor', 'admin', 'funder')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Every matching grant as CSV or JSON, with the filters of GET /grants (auditor, admin, funder for its own)' })
  async export(@CurrentPrincipal() principal: Principal, @Query() query: ExportGrantsQuery): Promise<StreamableFile> {
    const { format, ...filters } = query;
    const body = await this.grants.export(principal, filters, format);
    const file = new StreamableFile(body, {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      disposition: `attachment; filename="grants.${format}"`,
    });
    // A failure once bytes are sent cuts the transfer (the client sees it broken, never a short file that looks whole).
    return file.setErrorHandler((_error, res) => (res.destroy ? res.destroy() : res.end()));
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A grant's domain events, in order" })
  @ApiResponse({ status: 200, type: [GrantEventDto] })
  events(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<GrantEventDto[]> {
    return this.grants.events(principal, id);
  }
}
