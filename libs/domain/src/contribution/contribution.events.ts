import type { Actor } from '../events';
import type { ContributionPolicy } from './contribution.policy';

/**
 * The orientations of a contrat de ville: its three pillars and its three transverse axes. An
 * associated signatory commits to one of them per contribution.
 */
export const ORIENTATIONS = ['cohesion_sociale', 'cadre_de_vie', 'emploi_economie', 'jeunesse', 'egalite_femmes_hommes', 'lutte_discriminations'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

/** What a signatory brings: money, people on the ground (social workers, caretakers, teachers…), or premises. */
export const CONTRIBUTION_NATURES = ['funding', 'staff', 'premises'] as const;
export type ContributionNature = (typeof CONTRIBUTION_NATURES)[number];

/** The two sides of a contribution: the contract's politique de la ville team (the territory's project lead) and the signatory. */
export type ContributionSide = 'team' | 'signatory';

export interface ContributionTerms {
  territoryId: string;
  /** The associated signatory (a funder organisation of the directory: CAF, rectorat, social landlord…). */
  signatoryId: string;
  orientation: Orientation;
  year: number;
  nature: ContributionNature;
  /** Funding: the amount committed, in cents. */
  amountCents?: number;
  /** Staff: how many people. */
  staffCount?: number;
  /** What it is, in words ("two social workers half-time", "the community hall on Wednesdays"). */
  description: string;
  /** The organisations co-carrying the orientation with the signatory. */
  coCarriers: string[];
}

/** Events of one contribution's negotiation (its own stream, `ctb-…`). */
export type ContributionEventBody =
  | { type: 'ContributionProposed'; payload: { terms: ContributionTerms; side: ContributionSide; signBy: string; policy: ContributionPolicy } }
  | { type: 'ContributionRevised'; payload: { terms: ContributionTerms; side: ContributionSide; version: number; signBy: string } }
  | { type: 'ContributionSigned'; payload: { side: ContributionSide; version: number } }
  | { type: 'ContributionAgreed'; payload: { version: number } }
  | { type: 'ContributionReminderSent'; payload: { awaiting: ContributionSide; signBy: string } }
  | { type: 'ContributionExpired'; payload: { awaiting: ContributionSide; signBy: string } }
  | { type: 'ContributionWithdrawn'; payload: { side: ContributionSide; reason: string } };

export type ContributionEventType = ContributionEventBody['type'];

export type ContributionEvent = ContributionEventBody & { grantId: string; actor: Actor; occurredAt: string };
