import type { ActivityFigures, MissionSheetContent, MissionSheetPolicy, Role } from '@grants/domain';

/** Input of missionSheetWorkflow (workflow id ms-<territory>-<year>). */
export interface MissionSheetInput {
  missionSheetId: string;
  territoryId: string;
  year: number;
  copilAt: string;
  figures: ActivityFigures;
  draft: MissionSheetContent;
  openedBy: { id: string; role: Role };
  policy: MissionSheetPolicy;
}
