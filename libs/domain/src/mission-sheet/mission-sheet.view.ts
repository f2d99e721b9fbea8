import type { BinomeRole } from '../roles';
import { MissionSheetState, MissionSheetStatus, awaitedSignatures, currentVersion } from './mission-sheet.state';

/** One row of the mission sheets' read model. */
export interface MissionSheetView {
  id: string;
  territoryId: string;
  year: number;
  status: MissionSheetStatus;
  copilAt: string;
  version: number;
  awaiting: BinomeRole[];
  adoptedOn: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

export function missionSheetView(s: MissionSheetState): MissionSheetView {
  return {
    id: s.id,
    territoryId: s.territoryId,
    year: s.year,
    status: s.status,
    copilAt: s.copilAt,
    version: currentVersion(s).version,
    awaiting: s.status === 'drafting' ? awaitedSignatures(s) : [],
    adoptedOn: s.decisions.find((d) => d.adopted)?.decidedOn ?? null,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastSeq: s.lastSeq,
  };
}
