import type { BinomeRole } from '../roles';
import type { ActivityFigures, MissionSheetContent, MissionSheetEvent } from './mission-sheet.events';
import type { MissionSheetPolicy } from './mission-sheet.policy';

/**
 * drafting (the binôme edits it; each version signed by both) → signed (both signed the version on
 * the table: awaiting the Copil) → adopted by the Copil, or sent back with comments (drafting again);
 * lapsed when the year ends before an adoption.
 */
export type MissionSheetStatus = 'drafting' | 'signed' | 'adopted' | 'lapsed';
export const MISSION_SHEET_STATUSES: readonly MissionSheetStatus[] = ['drafting', 'signed', 'adopted', 'lapsed'];

export interface MissionSheetVersion {
  version: number;
  content: MissionSheetContent;
  /** Who wrote it: the engine's draft (0), then a member of the binôme. */
  side: BinomeRole | 'engine';
  at: string;
  by: string;
  signatures: Partial<Record<BinomeRole, { at: string; by: string }>>;
}

export interface MissionSheetState {
  id: string;
  territoryId: string;
  year: number;
  status: MissionSheetStatus;
  copilAt: string;
  figures: ActivityFigures;
  versions: MissionSheetVersion[];
  /** The Copil's decisions, in order: sent back (with comments) or adopted. */
  decisions: { version: number; adopted: boolean; decidedOn: string; comments?: string; recordedBy: string }[];
  remindersSent: number;
  lastReminderAt?: string;
  policy: MissionSheetPolicy;
  openedBy: string;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

/** The version on the table. */
export function currentVersion(state: MissionSheetState): MissionSheetVersion {
  return state.versions[state.versions.length - 1];
}

/** Whose signature of the version on the table is awaited. */
export function awaitedSignatures(state: MissionSheetState): BinomeRole[] {
  const v = currentVersion(state);
  return (['project_lead', 'prefect_delegate'] as const).filter((role) => !v.signatures[role]);
}

/** The state after one more event; pure and exhaustive over the event types. */
export function evolveMissionSheet(state: MissionSheetState | null, event: MissionSheetEvent, seq = (state?.lastSeq ?? 0) + 1): MissionSheetState {
  const at = event.occurredAt;
  const by = event.actor.id;
  if (event.type === 'MissionSheetOpened') {
    const p = event.payload;
    return {
      id: event.grantId,
      territoryId: p.territoryId,
      year: p.year,
      status: 'drafting',
      copilAt: p.copilAt,
      figures: p.figures,
      versions: [{ version: 1, content: p.draft, side: 'engine', at, by, signatures: {} }],
      decisions: [],
      remindersSent: 0,
      policy: p.policy,
      openedBy: by,
      createdAt: at,
      updatedAt: at,
      lastSeq: seq,
    };
  }
  if (!state) throw new Error(`${event.grantId}: ${event.type} before MissionSheetOpened`);
  const next: MissionSheetState = JSON.parse(JSON.stringify(state));
  next.lastSeq = seq;
  next.updatedAt = at;
  switch (event.type) {
    case 'MissionSheetRevised': {
      const p = event.payload;
      next.versions.push({ version: p.version, content: p.content, side: p.side, at, by, signatures: {} });
      next.status = 'drafting';
      break;
    }
    case 'MissionSheetSigned': {
      const v = currentVersion(next);
      v.signatures[event.payload.side] = { at, by };
      if (v.signatures.project_lead && v.signatures.prefect_delegate) next.status = 'signed';
      break;
    }
    case 'MissionSheetReminderSent':
      next.remindersSent += 1;
      next.lastReminderAt = at;
      break;
    case 'MissionSheetAdopted':
      next.decisions.push({ version: event.payload.version, adopted: true, decidedOn: event.payload.decidedOn, recordedBy: by });
      next.status = 'adopted';
      break;
    case 'MissionSheetSentBack': {
      const p = event.payload;
      next.decisions.push({ version: p.version, adopted: false, decidedOn: p.decidedOn, comments: p.comments, recordedBy: by });
      // Back to the binôme: the version stays on the table, its signatures no longer carry it.
      currentVersion(next).signatures = {};
      next.status = 'drafting';
      break;
    }
    case 'MissionSheetLapsed':
      next.status = 'lapsed';
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown mission sheet event ${JSON.stringify(never)}`);
    }
  }
  return next;
}
