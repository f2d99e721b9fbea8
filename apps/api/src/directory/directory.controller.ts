import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { AssociationEntity, BinomeEntity, TerritoryEntity } from '@grants/persistence';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('territories')
  @ApiResponse({ status: 200, type: [TerritoryDto] })
  async territories(): Promise<TerritoryDto[]> {
    const [territories, binomes] = await Promise.all([
      this.dataSource.getRepository(TerritoryEntity).find({ order: { name: 'ASC' } }),
      this.dataSource.getRepository(BinomeEntity).find(),
    ]);
    return territories.map((t) => ({ ...t, binomeId: binomes.find((b) => b.territoryId === t.id)?.id ?? null }));
  }

  @Get('associations')
  @ApiResponse({ status: 200, type: [AssociationDto] })
  async associations(@Query() query: AssociationsQuery): Promise<AssociationDto[]> {
    const builder = this.dataSource.getRepository(AssociationEntity).createQueryBuilder('a').orderBy('a.name', 'ASC');
    if (query.territory) builder.andWhere(':territory = ANY(a.territories)', { territory: query.territory });
    if (query.theme) builder.andWhere(':theme = ANY(a.themes)', { theme: query.theme });
    return builder.getMany();
  }
}
