import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcceptCallLineCommand,
  AnswerInvitationCommand,
  AttendanceCommand,
  AwardCommand,
  CallState,
  CreateConsortiumCommand,
  ExpressInterestCommand,
  InviteCommand,
  RsvpCommand,
  ScheduleMeetupCommand,
  ShortlistCommand,
} from '@grants/domain';
import type { ApplicationProposalNotice } from '@grants/contracts';

export const callStateQuery = defineQuery<CallState>('state');
/** Waits until the matched associations have been invited; returns the state. */
export const launchedUpdate = defineUpdate<CallState>('launched');
export const scheduleMeetupUpdate = defineUpdate<CallState, [ScheduleMeetupCommand]>('scheduleMeetup');
export const rsvpUpdate = defineUpdate<CallState, [RsvpCommand]>('rsvp');
export const recordAttendanceUpdate = defineUpdate<CallState, [AttendanceCommand]>('recordAttendance');
export const createConsortiumUpdate = defineUpdate<CallState, [CreateConsortiumCommand]>('createConsortium');
export const inviteMemberUpdate = defineUpdate<CallState, [InviteCommand]>('inviteMember');
export const answerInvitationUpdate = defineUpdate<CallState, [AnswerInvitationCommand]>('answerInvitation');
/** Returns the id of the application it opened. */
export const expressInterestUpdate = defineUpdate<{ applicationId: string; state: CallState }, [ExpressInterestCommand]>('expressInterest');
export const shortlistUpdate = defineUpdate<CallState, [ShortlistCommand]>('shortlist');
export const awardUpdate = defineUpdate<CallState, [AwardCommand]>('award');
/** A funder accepts its own line of the funding plan. */
export const acceptFundingLineUpdate = defineUpdate<CallState, [AcceptCallLineCommand]>('acceptFundingLine');
/** From an application: its proposal, or what it holds once the proposal deadline has passed. */
export const applicationProposalSignal = defineSignal<[ApplicationProposalNotice]>('applicationProposal');
