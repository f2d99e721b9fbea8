import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EnvelopeSummary } from '@grants/domain';
import type { GrantRef, ReserveFundsRequest, ReserveFundsResult } from '@grants/contracts';

/** Reserves funds for a grant; the validator refuses (before history) what would over-commit. */
export const reserveFundsUpdate = defineUpdate<ReserveFundsResult, [ReserveFundsRequest]>('reserveFunds');
/** The grant was approved: its reservation becomes a commitment. */
export const commitFundsSignal = defineSignal<[GrantRef]>('commitFunds');
/** The grant was rejected or expired: its reservation goes back to the envelope. */
export const releaseFundsSignal = defineSignal<[GrantRef]>('releaseFunds');
export const envelopeQuery = defineQuery<EnvelopeSummary>('envelope');
