import { allHandlersFinished, condition, setHandler } from '@temporalio/workflow';
import {
  Actor,
  SYSTEM_ACTOR,
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
} from '../libs/domain/src';
import type { TaskForceInput } from '../libs/contracts/src';
import { acts, refuse } from './common';
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
  let dirty = false;
  let appended: Promise<void> = Promise.resolve();

  function emit(body: TaskForceEventBody, actor: Actor, current: TaskForceState | null): { state: TaskForceState; recorded: Promise<void> } {
    const occurredAt = new Date().toISOString();
    const event = { ...body, grantId: input.taskForceId, actor, occurredAt };
    const next = evolveTaskForce(current, event);
    const step = `e${next.lastSeq}`;
    // One event after the other, in the order the state took them.
    appended = appended.then(async () => void (await acts.recordTaskForceEvent({ event, step })));
    dirty = true;
    return { state: next, recorded: appended };
  }

  const proposal = emit(
    { type: 'TaskForceProposed', payload: { ...terms, policy } },
    { kind: 'user', id: pilot.id, role: pilot.role },
    null,
  );
  let state = proposal.state;

  /** Evolves the state now (a command validated next sees it) and resolves once the event is recorded. */
  async function record(body: TaskForceEventBody, actor: Actor): Promise<TaskForceState> {
    const emitted = emit(body, actor, state);
    state = emitted.state;
    await emitted.recorded;
    return emitted.state;
  }
  const user = (a: TaskForceActor): Actor => ({ kind: 'user', id: a.id, role: a.role });

  setHandler(taskForceStateQuery, () => state);
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
    { validator: (c) => refuse(answerProblem(state, c.memberId, c.accept ? undefined : { reason: c.reason ?? '' })) },
  );

  setHandler(
    inviteUpdate,
    (c) => {
      const member = { ...c.member, name: c.member.name.trim(), memberId: `m${state.members.length}` };
      return record({ type: 'TaskForceMemberInvited', payload: { member } }, user(c.actor));
    },
    { validator: (c) => refuse(taskForceInviteProblem(state, c.member)) },
  );

  setHandler(
    kickOffUpdate,
    (c) => {
      const schedule = kickOffSchedule(Date.parse(c.heldOn), state.durationMonths, policy);
      return record({ type: 'TaskForceKickedOff', payload: { heldOn: new Date(c.heldOn).toISOString(), summary: c.summary.trim(), ...schedule } }, user(c.actor));
    },
    { validator: (c) => refuse(kickOffProblem(state, c, Date.now())) },
  );

  setHandler(
    logActionUpdate,
    (c) => record({ type: 'TaskForceActionLogged', payload: { entryId: `a${state.actions.length + 1}`, text: c.text.trim(), memberId: c.memberId } }, user(c.actor)),
    { validator: (c) => refuse(logActionProblem(state, c.memberId, c.text)) },
  );

  setHandler(
    checkInUpdate,
    (c) => record({ type: 'TaskForceCheckInHeld', payload: { n: c.n, summary: c.summary.trim() } }, user(c.actor)),
    { validator: (c) => refuse(checkInProblem(state, c.n, c.summary)) },
  );

  setHandler(
    midTermReviewUpdate,
    (c) => record({ type: 'TaskForceMidTermReviewSubmitted', payload: { assessment: c.assessment.trim(), adjustments: (c.adjustments ?? '').trim() } }, user(c.actor)),
    { validator: (c) => refuse(midTermProblem(state, c)) },
  );

  setHandler(
    extendUpdate,
    (c) => record({ type: 'TaskForceExtended', payload: { months: c.months, reason: c.reason.trim(), ...extensionSchedule(state, c.months) } }, user(c.actor)),
    { validator: (c) => refuse(extendProblem(state, c)) },
  );

  setHandler(
    finalReportUpdate,
    (c) => record({ type: 'TaskForceFinalReportSubmitted', payload: { coordinated: c.coordinated.trim(), scaleUp: c.scaleUp.trim() } }, user(c.actor)),
    { validator: (c) => refuse(taskForceReportProblem(state, c)) },
  );

  setHandler(
    cancelUpdate,
    (c) => record({ type: 'TaskForceCancelled', payload: { reason: c.reason.trim() } }, user(c.actor)),
    { validator: (c) => refuse(cancelProblem(state, c.reason)) },
  );

  await proposal.recorded;
  // The clock: reminders, missed check-ins, the end and an overdue report, each when its time comes.
  for (;;) {
    if (state.status === 'closed' || state.status === 'cancelled') {
      await appended;
      await condition(allHandlersFinished);
      return state;
    }
    const { due, nextAt } = clockOf(state, Date.now());
    if (due) {
      await record(due, SYSTEM_ACTOR);
      continue;
    }
    dirty = false;
    if (nextAt !== undefined) await condition(() => dirty, Math.max(nextAt - Date.now(), 1));
    else await condition(() => dirty);
  }
}
