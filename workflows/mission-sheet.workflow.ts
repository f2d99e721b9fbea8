import { setHandler } from '@temporalio/workflow';
import {
  Actor,
  MissionSheetEventBody,
  MissionSheetState,
  copilDecisionProblem,
  currentVersion,
  evolveMissionSheet,
  missionSheetClock,
  reviseSheetProblem,
  signSheetProblem,
} from '@grants/domain';
import type { MissionSheetInput } from '@grants/contracts';
import { acts, refuse } from './common';
import { moduleRecorder } from './recorder';
import {
  MissionSheetActor,
  copilDecisionUpdate,
  missionSheetOpenedUpdate,
  missionSheetStateQuery,
  reviseMissionSheetUpdate,
  signMissionSheetUpdate,
} from './mission-sheet.messages';

/**
 * The binôme's yearly mission sheet (proposal 4): drafted with the past year's activity report from
 * the engine's data, edited by both members (each version kept), signed by each, reminded before the
 * Copil, adopted by the Copil or sent back with its comments; it lapses when its year ends unadopted.
 */
export async function missionSheetWorkflow(input: MissionSheetInput): Promise<MissionSheetState> {
  const recorder = moduleRecorder<MissionSheetState, MissionSheetEventBody>({
    streamId: input.missionSheetId,
    evolve: evolveMissionSheet,
    record: (recorded) => acts.recordMissionSheetEvent(recorded),
    search: (s) => ({ kind: 'mission_sheet', status: s.status, territoryIds: [s.territoryId] }),
  });
  const user = (a: MissionSheetActor): Actor => ({ kind: 'user', id: a.id, role: a.role });
  const opened = recorder.emit(
    {
      type: 'MissionSheetOpened',
      payload: { territoryId: input.territoryId, year: input.year, copilAt: input.copilAt, figures: input.figures, draft: input.draft, policy: input.policy },
    },
    user(input.openedBy),
  );

  setHandler(missionSheetStateQuery, () => recorder.state);
  setHandler(missionSheetOpenedUpdate, async () => {
    await opened.recorded;
    return opened.state;
  });

  setHandler(
    reviseMissionSheetUpdate,
    (c) => {
      const content = {
        activityReport: c.content.activityReport.trim(),
        priorities: c.content.priorities.trim(),
        splitOfWork: c.content.splitOfWork.trim(),
        complementarity: c.content.complementarity.trim(),
      };
      return recorder.record(
        { type: 'MissionSheetRevised', payload: { version: currentVersion(recorder.state).version + 1, content, side: c.side } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(reviseSheetProblem(recorder.state, c.content)) },
  );

  setHandler(
    signMissionSheetUpdate,
    (c) => recorder.record({ type: 'MissionSheetSigned', payload: { version: currentVersion(recorder.state).version, side: c.side } }, user(c.actor)),
    { validator: (c) => refuse(signSheetProblem(recorder.state, c.side)) },
  );

  setHandler(
    copilDecisionUpdate,
    (c) => {
      const version = currentVersion(recorder.state).version;
      const decidedOn = new Date(c.decidedOn).toISOString();
      return recorder.record(
        c.adopted
          ? { type: 'MissionSheetAdopted', payload: { version, decidedOn } }
          : { type: 'MissionSheetSentBack', payload: { version, decidedOn, comments: (c.comments ?? '').trim() } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(copilDecisionProblem(recorder.state, c.adopted, c.comments, c.decidedOn, Date.now())) },
  );

  await opened.recorded;
  return recorder.runClock(missionSheetClock, (s) => s.status === 'adopted' || s.status === 'lapsed');
}
