import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  AcceptAgreementCommand,
  AcceptAmendmentCommand,
  ActivityReportCommand,
  AgreementState,
  AmendmentCommand,
  TerminationCommand,
  TokenCredit,
} from '../libs/domain/src';

export const agreementStateQuery = defineQuery<AgreementState>('state');
/** Waits until the proposal has been recorded; returns the state. */
export const proposedUpdate = defineUpdate<AgreementState>('proposed');
export const acceptAgreementUpdate = defineUpdate<AgreementState, [AcceptAgreementCommand]>('accept');
export const submitActivityReportUpdate = defineUpdate<AgreementState, [ActivityReportCommand]>('submitActivityReport');
export const proposeAmendmentUpdate = defineUpdate<AgreementState, [AmendmentCommand]>('proposeAmendment');
export const acceptAmendmentUpdate = defineUpdate<AgreementState, [AcceptAmendmentCommand]>('acceptAmendment');
export const terminateUpdate = defineUpdate<AgreementState, [TerminationCommand]>('terminate');
/** From a coordination meeting: a token for the attending association (de-duplicated by meeting). */
export const tokenCreditSignal = defineSignal<[TokenCredit]>('tokenCredit');
