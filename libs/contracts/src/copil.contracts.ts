import type { CopilPolicy, Role } from '@grants/domain';

/** Input of copilWorkflow (workflow id copil-<territory>-<year>). */
export interface CopilInput {
  copilId: string;
  territoryId: string;
  year: number;
  openedBy: { id: string; role: Role };
  policy: CopilPolicy;
}
