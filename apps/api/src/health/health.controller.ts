import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { databaseReachable } from '@grants/persistence';
import { Public } from '../common/auth';
import { TemporalClient } from '../common/temporal';

export class HealthDto {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ enum: ['up', 'down'] }) temporal!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) postgres!: 'up' | 'down';
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalClient,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Temporal and PostgreSQL reachable (200), or which is not (503)' })
  @ApiResponse({ status: 200, type: HealthDto, description: 'both reachable' })
  @ApiResponse({ status: 503, type: HealthDto, description: 'which one is not' })
  async health(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const [temporal, postgres] = await Promise.all([this.temporal.isReachable(), databaseReachable(this.dataSource)]);
    const ok = temporal && postgres;
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'degraded', temporal: temporal ? 'up' : 'down', postgres: postgres ? 'up' : 'down' };
  }
}
