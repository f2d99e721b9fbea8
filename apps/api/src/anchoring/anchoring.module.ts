import { Module } from '@nestjs/common';
import { TemporalModule } from '../common/temporal';
import { AnchoringController } from './anchoring.controller';
import { AnchoringService } from './anchoring.service';

@Module({
  imports: [TemporalModule],
  controllers: [AnchoringController],
  providers: [AnchoringService],
})
export class AnchoringModule {}
