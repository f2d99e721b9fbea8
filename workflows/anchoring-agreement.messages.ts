import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcceptAgreementCommand,
  AcceptFundingLineCommand,
  AcceptAmendmentCommand,
  ActivityReportCommand,
  AgreementState,
  AmendmentCommand,
  TerminationCommand,
  TokenCredit,
} from '@grants/domain';

export const agreementStateQuery = defineQuery<AgreementState>('state');
/** Waits until the proposal has been recorded; returns the state. */
export const proposedUpdate = defineUpdate<AgreementState>('proposed');
export const acceptAgreementUpdate = defineUpdate<AgreementState, [AcceptAgreementCommand]>('accept');
/** A funder accepts its own line of the funding plan (the agreement is signed once every party has). */
export const acceptFundingLineUpdate = defineUpdate<AgreementState, [AcceptFundingLineCommand]>('acceptFundingLine');
export const submitActivityReportUpdate = defineUpdate<AgreementState, [ActivityReportCommand]>('submitActivityReport');
export const proposeAmendmentUpdate = defineUpdate<AgreementState, [AmendmentCommand]>('proposeAmendment');
export const acceptAmendmentUpdate = defineUpdate<AgreementState, [AcceptAmendmentCommand]>('acceptAmendment');
export const terminateUpdate = defineUpdate<AgreementState, [TerminationCommand]>('terminate');
/** From a coordination meeting: a token for the attending association (de-duplicated by meeting). */
export const tokenCreditSignal = defineSignal<[TokenCredit]>('tokenCredit');
