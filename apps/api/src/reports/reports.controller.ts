import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AnnualReport, Principal } from '@grants/domain';
import { CurrentPrincipal } from '../common/auth';
import { annualReportPdf } from './annual-report.pdf';
import { AnnualReportDto } from './reports.dto';
import { ReportsService } from './reports.service';

const YEAR = { name: 'year', schema: { type: 'integer' as const, minimum: 2000, maximum: 2100 } };
const READERS = "the territory's binôme, the associations acting there, funders, auditors and admins";

/** The territory's annual report for the Copil and the CODIR (issue #17, part 7): as data and as a PDF. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('territories/:territoryId/annual-reports/:year')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @ApiOperation({
    summary: `A territory's year folded from the event log: payments by path, funder, QPV, theme and month, the envelope, calls, agreements, incubation, task forces, signatories' committed beside paid (${READERS})`,
  })
  @ApiParam(YEAR)
  @ApiResponse({ status: 200, type: AnnualReportDto })
  @ApiResponse({ status: 400, description: 'a year outside 2000 to 2100' })
  @ApiResponse({ status: 403, description: "another territory's binôme, an association that does not act there" })
  @ApiResponse({ status: 404, description: 'no such territory' })
  annual(@CurrentPrincipal() principal: Principal, @Param('territoryId') territoryId: string, @Param('year') year: string): Promise<AnnualReport> {
    return this.reports.annual(principal, territoryId, year);
  }

  @Get('pdf')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: `The same report as a PDF in French, with its charts (${READERS})` })
  @ApiParam(YEAR)
  @ApiProduces('application/pdf')
  @ApiResponse({ status: 200, description: 'An A4 PDF', content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 400, description: 'a year outside 2000 to 2100' })
  @ApiResponse({ status: 403, description: "another territory's binôme, an association that does not act there" })
  @ApiResponse({ status: 404, description: 'no such territory' })
  async pdf(@CurrentPrincipal() principal: Principal, @Param('territoryId') territoryId: string, @Param('year') year: string): Promise<StreamableFile> {
    const report = await this.reports.annual(principal, territoryId, year);
    const bytes = await annualReportPdf(report, new Date());
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      disposition: `attachment; filename="rapport-${report.territory.id}-${report.year}.pdf"`,
      length: bytes.length,
    });
  }
}
