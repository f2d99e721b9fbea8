import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReferralState, Role } from '@grants/domain';

export interface ReferralActor {
  id: string;
  role: Role;
}

export const referralStateQuery = defineQuery<ReferralState>('state');
/** Waits until the need is recorded; returns the state. */
export const referralSubmittedUpdate = defineUpdate<ReferralState>('submitted');
export const routeReferralUpdate = defineUpdate<ReferralState, [{ actor: ReferralActor; signatoryId: string; contactName: string; suggested: boolean }]>(
  'route',
);
export const answerReferralUpdate = defineUpdate<ReferralState, [{ actor: ReferralActor; signatoryId: string; supported: boolean; text: string }]>('answer');
export const withdrawReferralUpdate = defineUpdate<ReferralState, [{ actor: ReferralActor; reason: string }]>('withdraw');
