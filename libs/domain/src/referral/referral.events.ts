import type { Actor } from '../events';
import type { Orientation } from '../contribution/contribution.events';
import type { ReferralPolicy } from './referral.policy';

/** The support an association needs: money, people, premises, or expertise (advice, training). */
export const SUPPORT_KINDS = ['funding', 'staff', 'premises', 'expertise'] as const;
export type SupportKind = (typeof SUPPORT_KINDS)[number];

/** What an association needs, in its territory, for an orientation of the contract. */
export interface Need {
  territoryId: string;
  associationId: string;
  orientation: Orientation;
  supportKind: SupportKind;
  description: string;
}

/** Events of one routed need (its own stream, `ref-…`): routing a project holder to the right signatory (proposal 7). */
export type ReferralEventBody =
  | { type: 'ReferralSubmitted'; payload: { need: Need; policy: ReferralPolicy } }
  | { type: 'ReferralRouted'; payload: { signatoryId: string; contactName: string; answerBy: string; suggested: boolean; routing: number } }
  | { type: 'ReferralReminderSent'; payload: { signatoryId: string; answerBy: string } }
  | { type: 'ReferralEscalated'; payload: { signatoryId: string; answerBy: string } }
  | { type: 'ReferralSupported'; payload: { signatoryId: string; support: string } }
  | { type: 'ReferralDeclined'; payload: { signatoryId: string; reason: string } }
  | { type: 'ReferralWithdrawn'; payload: { reason: string } };

export type ReferralEventType = ReferralEventBody['type'];

export type ReferralEvent = ReferralEventBody & { grantId: string; actor: Actor; occurredAt: string };
