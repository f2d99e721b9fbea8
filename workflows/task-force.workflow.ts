import { setHandler } from '@temporalio/workflow';
import {
  Actor,
  TaskForceEventBody,
  TaskForceState,
  answerProblem,
  cancelProblem,
  checkInProblem,
  clockOf,
  evolveTaskForce,
  extendProblem,
  extensionSchedule,
  kickOffProblem,
  kickOffSchedule,
  logActionProblem,
  midTermProblem,
  taskForceInviteProblem,
  taskForceReportProblem,
} from '@grants/domain';
import type { TaskForceInput } from '@grants/contracts';
import { acts, refuse } from './common';
import { moduleRecorder } from './recorder';
import {
  TaskForceActor,
  answerUpdate,
  cancelUpdate,
  checkInUpdate,
  extendUpdate,
  finalReportUpdate,
  inviteUpdate,
  kickOffUpdate,
  logActionUpdate,
  midTermReviewUpdate,
  proposedUpdate,
  taskForceStateQuery,
} from './task-force.messages';

/**
 * One neighbourhood task force (proposal 8): 6 to 8 members on one problem in one QPV for six months.
 * Invitations accepted or declined, a kick-off once six have accepted, an action log, monthly
 * check-ins with reminders, a mid-term review half-way, an end with its final report (late: the
 * binôme is told), one extension of up to three months with its reason.
 *
 * Handlers validate and emit events; the state changes only through evolveTaskForce; the recorder
 * appends each event to the log (and the read model) and notifies, in one activity, one event after
 * the other.
 */
export async function taskForceWorkflow(input: TaskForceInput): Promise<TaskForceState> {
  const { terms, pilot, policy } = input;
  const recorder = moduleRecorder<TaskForceState, TaskForceEventBody>({
    streamId: input.taskForceId,
    evolve: evolveTaskForce,
    record: (recorded) => acts.recordTaskForceEvent(recorded),
    search: (s) => ({ kind: 'task_force', status: s.status, territoryIds: [s.territoryId] }),
  });
  const proposal = recorder.emit({ type: 'TaskForceProposed', payload: { ...terms, policy } }, { kind: 'user', id: pilot.id, role: pilot.role });
  const record = recorder.record;
  const user = (a: TaskForceActor): Actor => ({ kind: 'user', id: a.id, role: a.role });

  setHandler(taskForceStateQuery, () => recorder.state);
  setHandler(proposedUpdate, async () => {
    await proposal.recorded;
    return proposal.state;
  });

  setHandler(
    answerUpdate,
    (c) =>
      record(
        c.accept
          ? { type: 'TaskForceInvitationAccepted', payload: { memberId: c.memberId, recordedByPilot: c.recordedByPilot } }
          : { type: 'TaskForceInvitationDeclined', payload: { memberId: c.memberId, reason: c.reason!.trim(), recordedByPilot: c.recordedByPilot } },
        user(c.actor),
      ),
    { validator: (c) => refuse(answerProblem(recorder.state, c.memberId, c.accept ? undefined : { reason: c.reason ?? '' })) },
  );

  setHandler(
    inviteUpdate,
    (c) => {
      const member = { ...c.member, name: c.member.name.trim(), memberId: `m${recorder.state.members.length}` };
      return record({ type: 'TaskForceMemberInvited', payload: { member } }, user(c.actor));
    },
    { validator: (c) => refuse(taskForceInviteProblem(recorder.state, c.member)) },
  );

  setHandler(
    kickOffUpdate,
    (c) => {
      const schedule = kickOffSchedule(Date.parse(c.heldOn), recorder.state.durationMonths, policy);
      return record(
        { type: 'TaskForceKickedOff', payload: { heldOn: new Date(c.heldOn).toISOString(), summary: c.summary.trim(), ...schedule } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(kickOffProblem(recorder.state, c, Date.now())) },
  );

  setHandler(
    logActionUpdate,
    (c) =>
      record(
        { type: 'TaskForceActionLogged', payload: { entryId: `a${recorder.state.actions.length + 1}`, text: c.text.trim(), memberId: c.memberId } },
        user(c.actor),
      ),
    { validator: (c) => refuse(logActionProblem(recorder.state, c.memberId, c.text)) },
  );

  setHandler(checkInUpdate, (c) => record({ type: 'TaskForceCheckInHeld', payload: { n: c.n, summary: c.summary.trim() } }, user(c.actor)), {
    validator: (c) => refuse(checkInProblem(recorder.state, c.n, c.summary)),
  });

  setHandler(
    midTermReviewUpdate,
    (c) =>
      record(
        { type: 'TaskForceMidTermReviewSubmitted', payload: { assessment: c.assessment.trim(), adjustments: (c.adjustments ?? '').trim() } },
        user(c.actor),
      ),
    { validator: (c) => refuse(midTermProblem(recorder.state, c)) },
  );

  setHandler(
    extendUpdate,
    (c) =>
      record(
        { type: 'TaskForceExtended', payload: { months: c.months, reason: c.reason.trim(), ...extensionSchedule(recorder.state, c.months) } },
        user(c.actor),
      ),
    { validator: (c) => refuse(extendProblem(recorder.state, c)) },
  );

  setHandler(
    finalReportUpdate,
    (c) => record({ type: 'TaskForceFinalReportSubmitted', payload: { coordinated: c.coordinated.trim(), scaleUp: c.scaleUp.trim() } }, user(c.actor)),
    { validator: (c) => refuse(taskForceReportProblem(recorder.state, c)) },
  );

  setHandler(cancelUpdate, (c) => record({ type: 'TaskForceCancelled', payload: { reason: c.reason.trim() } }, user(c.actor)), {
    validator: (c) => refuse(cancelProblem(recorder.state, c.reason)),
  });

  await proposal.recorded;
  // The clock: reminders, missed check-ins, the end and an overdue report, each when its time comes.
  return recorder.runClock(clockOf, (s) => s.status === 'closed' || s.status === 'cancelled');
}
