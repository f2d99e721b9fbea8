import { executeChild, setHandler } from '@temporalio/workflow';
import {
  Actor,
  CopilEventBody,
  CopilState,
  axisDecisions,
  candidacyProblem,
  copilClock,
  designationProblem,
  evolveCopil,
  openRoundProblem,
  recordMeetingProblem,
  scheduleMeetingProblem,
} from '@grants/domain';
import type { CopilInput } from '@grants/contracts';
import { acts, refuse } from './common';
import { coordinationMeetingWorkflow } from './coordination-meeting.workflow';
import { moduleRecorder } from './recorder';
import {
  CopilActor,
  copilOpenedUpdate,
  copilStateQuery,
  designateUpdate,
  fileCandidacyUpdate,
  openRoundUpdate,
  recordCopilMeetingUpdate,
  scheduleMeetingUpdate,
} from './copil.messages';

/**
 * One year of a territory's steering committee by colleges (proposal 1): designation rounds per
 * college (candidacies until their due date, then the college designates one candidate per seat,
 * with its reason), mandates followed to their term (a reminder before it ends), meetings with an
 * agenda and every seat invited, their attendance (an association present earns a coordination
 * token where its anchoring agreement pays tokens) and their decisions on the year's priority axes,
 * each with the four colleges' votes. After the year ends, the run follows the mandates it
 * designated until the last one ends.
 */
export async function copilWorkflow(input: CopilInput): Promise<CopilState> {
  const recorder = moduleRecorder<CopilState, CopilEventBody>({
    streamId: input.copilId,
    evolve: evolveCopil,
    record: (recorded) => acts.recordCopilEvent(recorded),
    search: (s) => ({ kind: 'copil', status: s.status, territoryIds: [s.territoryId] }),
  });
  const user = (a: CopilActor): Actor => ({ kind: 'user', id: a.id, role: a.role });
  const opened = recorder.emit(
    { type: 'CopilOpened', payload: { territoryId: input.territoryId, year: input.year, policy: input.policy } },
    user(input.openedBy),
  );

  setHandler(copilStateQuery, () => recorder.state);
  setHandler(copilOpenedUpdate, async () => {
    await opened.recorded;
    return opened.state;
  });

  setHandler(
    openRoundUpdate,
    (c) => {
      const roundId = `r${recorder.state.rounds.length + 1}`;
      const candidaciesDueAt = new Date(c.candidaciesDueAt).toISOString();
      const told = c.college === 'associations' ? c.toldAssociationIds : [];
      return recorder.record(
        {
          type: 'CopilRoundOpened',
          payload: { roundId, college: c.college, seats: c.seats, candidaciesDueAt, termYears: c.termYears, toldAssociationIds: told },
        },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(openRoundProblem(recorder.state, c, Date.now())) },
  );

  setHandler(
    fileCandidacyUpdate,
    (c) => {
      const round = recorder.state.rounds.find((r) => r.roundId === c.roundId)!;
      const candidacyId = `${c.roundId}-c${round.candidacies.length + 1}`;
      const candidate = { name: c.candidate.name.trim(), ...(c.candidate.associationId ? { associationId: c.candidate.associationId } : {}) };
      return recorder.record(
        { type: 'CopilCandidacyFiled', payload: { roundId: c.roundId, candidacyId, candidate, statement: (c.statement ?? '').trim() } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(candidacyProblem(recorder.state, c.roundId, c.candidate, c.statement)) },
  );

  setHandler(
    designateUpdate,
    (c) => {
      const state = recorder.state;
      const round = state.rounds.find((r) => r.roundId === c.roundId)!;
      const mandateId = `${state.id}-${c.roundId}-s${state.mandates.filter((m) => m.roundId === c.roundId).length + 1}`;
      const startsAt = new Date().toISOString();
      const endsAt = new Date(Date.now() + round.termYears * state.policy.mandateYearMs).toISOString();
      return recorder.record(
        { type: 'CopilSeatDesignated', payload: { roundId: c.roundId, candidacyId: c.candidacyId, mandateId, reason: c.reason.trim(), startsAt, endsAt } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(designationProblem(recorder.state, c.roundId, c.candidacyId, c.reason)) },
  );

  setHandler(
    scheduleMeetingUpdate,
    (c) => {
      const meetingId = `${recorder.state.id}-m${recorder.state.meetings.length + 1}`;
      return recorder.record(
        { type: 'CopilMeetingScheduled', payload: { meetingId, at: new Date(c.at).toISOString(), agenda: c.agenda.map((a) => a.trim()), invited: c.invited } },
        user(c.actor),
      );
    },
    { validator: (c) => refuse(scheduleMeetingProblem(recorder.state, c, Date.now())) },
  );

  setHandler(
    recordCopilMeetingUpdate,
    async (c) => {
      const actor = user(c.actor);
      const heldOn = new Date(c.heldOn).toISOString();
      recorder.emit({ type: 'CopilMeetingHeld', payload: { meetingId: c.meetingId, heldOn, minutes: c.minutes.trim(), attendees: c.attendees } }, actor);
      for (const decision of axisDecisions(c.meetingId, c.decisions))
        recorder.emit({ type: 'CopilAxisDecided', payload: { meetingId: c.meetingId, ...decision } }, actor);
      const meeting = recorder.state.meetings.find((m) => m.meetingId === c.meetingId)!;
      const associations = [...new Set(meeting.invited.filter((s) => c.attendees.includes(s.mandateId) && s.associationId).map((s) => s.associationId!))];
      if (!associations.length) return recorder.record({ type: 'CopilTokensCredited', payload: { meetingId: c.meetingId, agreementIds: [] } }, actor);
      await recorder.settled();
      // The meeting counts as a coordination meeting of the contract: each attending association's token-mode agreement takes a token.
      const credited = await executeChild(coordinationMeetingWorkflow, {
        workflowId: c.meetingId,
        args: [
          {
            meetingId: c.meetingId,
            territoryId: input.territoryId,
            date: heldOn,
            topic: `Copil ${input.year} : ${meeting.agenda.join(' ; ')}`.slice(0, 300),
            attendeeAssociationIds: associations,
            recordedBy: c.actor.id,
          },
        ],
      });
      return recorder.record({ type: 'CopilTokensCredited', payload: { meetingId: c.meetingId, agreementIds: credited.creditedAgreementIds } }, actor);
    },
    { validator: (c) => refuse(recordMeetingProblem(recorder.state, c.meetingId, c, Date.now())) },
  );

  await opened.recorded;
  return recorder.runClock(copilClock, (s) => s.status === 'closed');
}
