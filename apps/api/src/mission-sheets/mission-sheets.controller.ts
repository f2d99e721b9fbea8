import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { MissionSheetState, Principal } from '@grants/domain';
import { CurrentPrincipal, Roles } from '../common/auth';
import {
  CopilDecisionDto,
  MissionSheetContentDto,
  MissionSheetDto,
  MissionSheetListQuery,
  MissionSheetPageDto,
  OpenMissionSheetDto,
} from './mission-sheets.dto';
import { MissionSheetsService } from './mission-sheets.service';

type MissionSheetView = Omit<MissionSheetState, 'policy'>;
const view = ({ policy: _policy, ...rest }: MissionSheetState): MissionSheetView => rest;
const ANSWER = { status: 200, type: MissionSheetDto, description: 'the mission sheet once the change is recorded' };
const BINOME_ONLY = { status: 403, description: "anyone but the territory's binôme (or an admin)" };
const NOT_SEEN = { status: 404, description: "no such mission sheet, or another territory's (for an association: not adopted yet)" };

/** The binôme's yearly mission sheet (proposal 4). */
@ApiTags('mission sheets')
@ApiBearerAuth()
@Controller('mission-sheets')
export class MissionSheetsController {
  constructor(private readonly sheets: MissionSheetsService) {}

  @Post()
  @Roles('project_lead', 'prefect_delegate', 'admin')
  @ApiOperation({ summary: "Open the territory's mission sheet of a year: the past year's activity report drafted from the engine's data, the Copil's date" })
  @ApiResponse({ status: 201, type: MissionSheetDto })
  @ApiResponse({ status: 400, description: 'a Copil date past, a year outside 2000-2100' })
  @ApiResponse(BINOME_ONLY)
  @ApiResponse({ status: 404, description: 'no such territory' })
  @ApiResponse({ status: 409, description: "that year's mission sheet is open already" })
  async open(@CurrentPrincipal() principal: Principal, @Body() dto: OpenMissionSheetDto): Promise<MissionSheetView> {
    return view(await this.sheets.open(principal, dto));
  }

  @Get()
  @Roles('project_lead', 'prefect_delegate', 'association', 'auditor', 'admin')
  @ApiOperation({ summary: "The mission sheets: the binôme its territory's, an association the adopted ones of its territories, auditors and admins all" })
  @ApiResponse({ status: 200, type: MissionSheetPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: MissionSheetListQuery): Promise<MissionSheetPageDto> {
    return this.sheets.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A mission sheet: its figures, every version with its signatures, the Copil’s decisions' })
  @ApiResponse({ status: 200, type: MissionSheetDto })
  @ApiResponse(NOT_SEEN)
  async get(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MissionSheetView> {
    return view(await this.sheets.get(principal, id));
  }

  @Post(':id/versions')
  @HttpCode(200)
  @Roles('project_lead', 'prefect_delegate', 'admin')
  @ApiOperation({ summary: 'Put a new version on the table (a member of the binôme): both signatures start again' })
  @ApiResponse(ANSWER)
  @ApiResponse(BINOME_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'nothing changed, or the sheet is adopted or lapsed' })
  async revise(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: MissionSheetContentDto): Promise<MissionSheetView> {
    return view(await this.sheets.revise(principal, id, dto));
  }

  @Post(':id/signature')
  @HttpCode(200)
  @Roles('project_lead', 'prefect_delegate', 'admin')
  @ApiOperation({ summary: 'Sign the version on the table, as the member of the binôme you are (every part written first)' })
  @ApiResponse(ANSWER)
  @ApiResponse({ status: 400, description: 'a part not written yet' })
  @ApiResponse(BINOME_ONLY)
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'signed already, or the sheet is adopted or lapsed' })
  async sign(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<MissionSheetView> {
    return view(await this.sheets.sign(principal, id));
  }

  @Post(':id/copil-decision')
  @HttpCode(200)
  @Roles('project_lead', 'admin')
  @ApiOperation({ summary: "Record the Copil's decision (the project lead): adopted, or sent back with its comments, once both signed" })
  @ApiResponse(ANSWER)
  @ApiResponse({ status: 400, description: 'sent back without comments, a decision in the future' })
  @ApiResponse({ status: 403, description: "anyone but the territory's project lead (or an admin)" })
  @ApiResponse(NOT_SEEN)
  @ApiResponse({ status: 409, description: 'a signature still awaited, or the sheet adopted or lapsed' })
  async decide(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() dto: CopilDecisionDto): Promise<MissionSheetView> {
    return view(await this.sheets.decide(principal, id, dto));
  }
}
