import { setHandler } from '@temporalio/workflow';
import {
  Actor,
  CodirEventBody,
  CodirState,
  SYSTEM_ACTOR,
  codirClock,
  commitmentDoneProblem,
  evolveCodir,
  inviteDirectionProblem,
  meetingProblems,
  resourceAnswerProblem,
  statementProblem,
} from '@grants/domain';
import type { CodirInput } from '@grants/contracts';
import { acts, refuse } from './common';
import { moduleRecorder } from './recorder';
import {
  CodirActor,
  answerDirectionUpdate,
  codirOpenedUpdate,
  codirStateQuery,
  commitmentDoneUpdate,
  inviteDirectionUpdate,
  recordMeetingUpdate,
  recordStatementUpdate,
} from './codir.messages';

/**
 * A local authority's yearly CODIR QPV (proposal 9): opened by its yearly Schedule or by the project
 * lead, each sectoral direction states before the meeting how its policies apply in the priority
 * neighbourhoods (reminded, then closed at the due date); the politique de la ville team answers each
 * as a resource (local relays, co-funding that could be mobilised); the meeting's minutes record each
 * direction's commitments, reminded before their due dates and marked overdue after, followed until
 * the next CODIR.
 */
export async function codirWorkflow(input: CodirInput): Promise<CodirState> {
  const { policy } = input;
  const recorder = moduleRecorder<CodirState, CodirEventBody>({
    streamId: input.codirId,
    evolve: evolveCodir,
    record: (recorded) => acts.recordCodirEvent(recorded),
    search: (s) => ({ kind: 'codir', status: s.status, territoryIds: [s.territoryId] }),
  });
  const user = (a: CodirActor): Actor => ({ kind: 'user', id: a.id, role: a.role });
  const statementsDueAt = new Date(Date.parse(input.meetingAt) - policy.statementsBeforeMeetingMs).toISOString();
  const opened = recorder.emit(
    {
      type: 'CodirOpened',
      payload: {
        territoryId: input.territoryId,
        year: input.year,
        meetingAt: input.meetingAt,
        statementsDueAt,
        directions: input.directions,
        bySchedule: input.openedBy === null,
        policy,
      },
    },
    input.openedBy ? user(input.openedBy) : SYSTEM_ACTOR,
  );

  setHandler(codirStateQuery, () => recorder.state);
  setHandler(codirOpenedUpdate, async () => {
    await opened.recorded;
    return opened.state;
  });

  setHandler(
    inviteDirectionUpdate,
    (c) =>
      recorder.record(
        { type: 'CodirDirectionInvited', payload: { direction: { ...c.direction, name: c.direction.name.trim(), contact: c.direction.contact.trim() } } },
        user(c.actor),
      ),
    { validator: (c) => refuse(inviteDirectionProblem(recorder.state, c.direction)) },
  );

  setHandler(
    recordStatementUpdate,
    (c) => recorder.record({ type: 'CodirStatementRecorded', payload: { directionId: c.directionId, text: c.text.trim(), qpvs: c.qpvs } }, user(c.actor)),
    { validator: (c) => refuse(statementProblem(recorder.state, c.directionId, c.text)) },
  );

  setHandler(
    answerDirectionUpdate,
    (c) =>
      recorder.record(
        { type: 'CodirResourceAnswered', payload: { directionId: c.directionId, text: c.text.trim(), relays: c.relays, coFunding: c.coFunding } },
        user(c.actor),
      ),
    { validator: (c) => refuse(resourceAnswerProblem(recorder.state, c.directionId, c.text)) },
  );

  setHandler(
    recordMeetingUpdate,
    async (c) => {
      // Held before the statements' due date: those not in are recorded as missing first.
      if (recorder.state.status === 'collecting') {
        recorder.emit(
          { type: 'CodirStatementsClosed', payload: { missing: recorder.state.directions.filter((d) => !d.statement).map((d) => d.directionId) } },
          user(c.actor),
        );
      }
      const followUpUntil = new Date(Date.parse(c.heldOn) + policy.followUpMs).toISOString();
      const commitments = c.commitments.map((x, i) => ({
        commitmentId: `c${i + 1}`,
        directionId: x.directionId,
        text: x.text.trim(),
        dueAt: new Date(x.dueAt).toISOString(),
      }));
      return recorder.record(
        {
          type: 'CodirMeetingHeld',
          payload: { heldOn: new Date(c.heldOn).toISOString(), minutes: c.minutes.trim(), attendees: c.attendees, commitments, followUpUntil },
        },
        user(c.actor),
      );
    },
    {
      validator: (c) =>
        refuse(
          meetingProblems(
            recorder.state,
            {
              heldOn: c.heldOn,
              minutes: c.minutes,
              attendees: c.attendees,
              commitments: c.commitments.map((x: { directionId: string; text: string; dueAt: string }, i: number) => ({ ...x, commitmentId: `c${i + 1}` })),
            },
            Date.now(),
          ),
        ),
    },
  );

  setHandler(
    commitmentDoneUpdate,
    (c) => recorder.record({ type: 'CodirCommitmentDone', payload: { commitmentId: c.commitmentId, note: c.note.trim() } }, user(c.actor)),
    { validator: (c) => refuse(commitmentDoneProblem(recorder.state, c.commitmentId, c.note)) },
  );

  await opened.recorded;
  return recorder.runClock(codirClock, (s) => s.status === 'closed');
}
