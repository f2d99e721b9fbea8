import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DirectoryRepository } from '@grants/persistence';

export class TerritoryDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() department!: string;
  @ApiProperty({ type: String, nullable: true }) binomeId!: string | null;
}

export class AssociationDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '73282932000074' }) siret!: string;
  @ApiProperty({ type: [String] }) themes!: string[];
  @ApiProperty({ type: [String] }) territories!: string[];
  @ApiProperty({ enum: ['local', 'national'] }) proximity!: string;
  @ApiProperty({ type: String, nullable: true, pattern: '^W\\d{9}$', description: 'Its number in the national register of associations, when known' }) rna!:
    string | null;
}

export class AssociationsQuery {
  @ApiPropertyOptional({ example: 'plaine-commune' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,80}$/)
  territory?: string;

  @ApiPropertyOptional({ example: 'jeunesse' })
  @IsOptional()
  @Matches(/^[\p{L}0-9' -]{1,80}$/u)
  theme?: string;
}

@ApiTags('directory')
@ApiBearerAuth()
@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryRepository) {}

  @Get('territories')
  @ApiResponse({ status: 200, type: [TerritoryDto] })
  territories(): Promise<TerritoryDto[]> {
    return this.directory.territoriesWithBinomes();
  }

  @Get('associations')
  @ApiResponse({ status: 200, type: [AssociationDto] })
  associations(@Query() query: AssociationsQuery): Promise<AssociationDto[]> {
    return this.directory.associations(query);
  }
}
