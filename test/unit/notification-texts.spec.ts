import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AgreementEventBody,
  ApplicationEventBody,
  CallEventBody,
  CohortEventBody,
  DEFAULT_TASK_FORCE_POLICY,
  GrantEventBody,
  GrantEventType,
  IncubationEventBody,
  MicroGrantEventBody,
  OpenDataEventBody,
  TaskForceEventBody,
  TaskForceEventType,
  ContributionEventBody,
  ContributionEventType,
  DEFAULT_CONTRIBUTION_POLICY,
  DEFAULT_REFERRAL_POLICY,
  ReferralEventBody,
  ReferralEventType,
  CodirEventBody,
  CodirEventType,
  DEFAULT_CODIR_POLICY,
  evolveCodir,
  MissionSheetEventBody,
  MissionSheetEventType,
  DEFAULT_MISSION_SHEET_POLICY,
  evolveMissionSheet,
  euros,
  evolveContribution,
  evolveReferral,
  evolveTaskForce,
  CopilEventBody,
  CopilEventType,
  DEFAULT_COPIL_POLICY,
  evolveCopil,
} from '@grants/domain';
import {
  RenderedNotification,
  renderAgreementNotification,
  renderCallNotification,
  renderDigest,
  renderIncubationNotification,
  renderMicroGrantNotification,
  renderOpenDataNotification,
  renderContributionNotification,
  renderReferralNotification,
  renderCodirNotification,
  renderMissionSheetNotification,
  renderTaskForceNotification,
  toHtml,
  renderCopilNotification,
} from '../../activities/notification-templates';
import { renderOpenDataNotificationEn } from '../../activities/notification-templates.en';

const AT = '2027-03-14T17:00:00.000Z';
const LATER = '2027-09-30T16:00:00.000Z';
const TERMS = {
  associationId: 'assoc-jardins-montreuil',
  territoryId: 'est-ensemble',
  years: 3,
  yearlyAmountCents: euros(40_000),
  startDate: '2027-01-01T00:00:00.000Z',
  fundingPlan: [
    { funderId: 'funder-etat-93', amountCents: euros(30_000) },
    { funderId: 'funder-caf-93', amountCents: euros(10_000) },
  ],
  coordination: { mode: 'tokens' as const, tokenValueCents: euros(80), yearlyCapCents: euros(1_600) },
};

/** One event of every type, as the workflows record them: a new event type does not compile until it is here. */
const SAMPLES: { [T in GrantEventType]: Extract<GrantEventBody, { type: T }>['payload'] } = {
  MicroGrantRequested: {
    binomeId: 'binome-plaine-commune',
    territoryId: 'plaine-commune',
    year: 2027,
    associationId: 'assoc-francs-moisins',
    title: 'Fête de quartier',
    purpose: 'Goûter',
    amountCents: euros(1_500),
  },
  MicroGrantEscalated: { code: 'over_ceiling', reason: 'le montant dépasse le plafond de 3 000 € du binôme' },
  MicroGrantFundsReserved: { amountCents: euros(1_500), decisionDeadlineAt: AT },
  MicroGrantDecisionRecorded: { role: 'project_lead', decision: 'approve' },
  MicroGrantApproved: { amountCents: euros(1_500) },
  MicroGrantRejected: { role: 'prefect_delegate', reason: 'Action déjà financée' },
  MicroGrantExpired: { decisionDeadlineAt: AT },
  PaymentOrdered: { paymentOrderId: 'pay-1', amountCents: euros(1_500), reportDueAt: LATER },
  ReportReminderSent: { reportDueAt: LATER },
  ReportOverdue: { reportDueAt: LATER },
  ReportSubmitted: { summary: '180 habitants' },
  CallLaunched: {
    title: 'Tisser du lien',
    themes: ['jeunesse'],
    territories: ['plaine-commune'],
    targetPublic: 'Jeunes',
    budgetCents: euros(60_000),
    fundingPlan: [{ funderId: 'funder-etat-93', amountCents: euros(60_000) }],
    meetupWindow: { startsAt: AT, endsAt: AT },
    eoiDeadline: AT,
    proposalDeadline: LATER,
    paidPreselection: true,
    policy: {} as never,
  },
  CallFundingLineAccepted: { funderId: 'funder-caf-93', awaitingFunders: ['funder-etat-93'] },
  AssociationsInvited: { associationIds: ['assoc-francs-moisins'] },
  MeetupScheduled: { meetupId: 'mtg-1', at: AT, place: 'Maison de quartier' },
  MeetupRsvpRecorded: { meetupId: 'mtg-1', associationId: 'assoc-francs-moisins', attending: true },
  MeetupAttendanceRecorded: { meetupId: 'mtg-1', attendeeIds: ['assoc-francs-moisins'] },
  ConsortiumFormed: { consortiumId: 'cons-1', name: 'Francs-Moisins Ensemble', leadAssociationId: 'assoc-francs-moisins' },
  ConsortiumMemberInvited: { consortiumId: 'cons-1', associationId: 'assoc-jeunesse-aubervilliers' },
  ConsortiumInvitationAnswered: { consortiumId: 'cons-1', associationId: 'assoc-jeunesse-aubervilliers', accepted: true },
  ExpressionOfInterestReceived: {
    applicationId: 'app-1',
    consortiumId: 'cons-1',
    members: ['assoc-francs-moisins', 'assoc-jeunesse-aubervilliers'],
    summary: 'Ateliers',
  },
  ExpressionsClosed: { applications: 2, next: 'preselection' },
  ShortlistDecided: { decisions: [] },
  ProposalsClosed: { proposals: 1 },
  AwardsDecided: { awards: [], totalCents: 0, reason: 'Projet co-construit' },
  ApplicationOpened: {
    callId: 'call-1',
    callTitle: 'Tisser du lien',
    consortiumId: 'cons-1',
    consortiumName: 'Francs-Moisins Ensemble',
    leadAssociationId: 'assoc-francs-moisins',
    members: ['assoc-francs-moisins'],
    territoryId: 'plaine-commune',
    funderIds: ['funder-etat-93'],
    paidPreselection: true,
    proposalDeadline: LATER,
    summary: 'Ateliers',
  },
  ApplicationShortlisted: { reason: 'Ancrage local' },
  ApplicationNotShortlisted: { reason: 'Pas de partenaire de proximité' },
  StipendOrdered: { paymentOrderId: 'pay-2', amountCents: euros(2_000), split: [{ associationId: 'assoc-francs-moisins', amountCents: euros(1_200) }] },
  ProposalSubmitted: {
    requestedAmountCents: euros(40_000),
    members: [{ associationId: 'assoc-francs-moisins', shareCents: euros(40_000), role: 'coordination' }],
    actionStart: AT,
    actionEnd: LATER,
  },
  DoubleFundingFlagged: {
    flags: [
      {
        associationId: 'assoc-francs-moisins',
        siret: '12345678200010',
        conflictingGrantId: 'mg-1',
        conflictingTitle: 'Fête',
        periodStart: AT,
        periodEnd: LATER,
      },
    ],
  },
  ProposalMissing: { proposalDeadline: LATER },
  ApplicationAwarded: {
    amountCents: euros(35_000),
    reason: 'Projet co-construit',
    payments: [{ associationId: 'assoc-francs-moisins', awardCents: euros(35_000), firstTrancheCents: euros(28_000), finalTrancheCents: euros(7_000) }],
    actionStart: AT,
    actionEnd: LATER,
    reportDueAt: LATER,
  },
  ApplicationNotAwarded: { reason: 'Budget épuisé' },
  ConsortiumTrancheOrdered: { tranche: 'award', orders: [{ associationId: 'assoc-francs-moisins', paymentOrderId: 'pay-3', amountCents: euros(28_000) }] },
  FinalReportReminderSent: { reportDueAt: LATER },
  FinalReportOverdue: { reportDueAt: LATER },
  FinalReportSubmitted: { summary: 'Bilan' },
  AgreementProposed: { ...TERMS, title: "Convention d'ancrage" },
  AgreementAccepted: { awaitingFunders: ['funder-caf-93'] },
  FundingLineAccepted: { funderId: 'funder-caf-93', awaitingFunders: [], associationAccepted: true },
  AgreementWithdrawn: { reason: 'Non acceptée dans les 30 jours' },
  OperatingTrancheOrdered: {
    year: 1,
    amountCents: euros(40_000),
    released: false,
    orders: [{ funderId: 'funder-etat-93', paymentOrderId: 'pay-4', amountCents: euros(30_000) }],
  },
  OperatingTrancheWithheld: { year: 2, amountCents: euros(40_000), missingReports: [1] },
  CoordinationTokenCredited: { meetingId: 'cm-1', date: AT, topic: 'Comité technique', year: 1, tokens: 1 },
  CoordinationCompensationOrdered: { year: 1, amountCents: euros(160), tokens: 2, paymentOrderId: 'pay-5', proRata: false },
  ActivityReportReminderSent: { year: 1, dueAt: LATER },
  ActivityReportOverdue: { year: 1, dueAt: LATER },
  ActivityReportSubmitted: { year: 1, summary: 'Bilan' },
  AmendmentProposed: { fromYear: 2, yearlyAmountCents: euros(45_000), side: 'funding' },
  AmendmentAgreed: {
    fromYear: 2,
    yearlyAmountCents: euros(36_000),
    side: 'funding',
    funderId: 'funder-etat-93',
    awaitingFunders: ['funder-caf-93'],
    associationAgreed: true,
  },
  AmendmentAccepted: { fromYear: 2, yearlyAmountCents: euros(45_000), side: 'association' },
  TerminationRequested: { mode: 'notice', reason: 'Fin du programme', side: 'funding', effectiveAt: LATER },
  AgreementTerminated: { mode: 'notice', reason: 'Fin du programme' },
  AgreementCompleted: { operatingPaidCents: euros(120_000), coordinationPaidCents: euros(480) },
  CohortOpened: { territoryId: 'plaine-commune', year: 2027, capacity: 12, nominationDeadline: AT },
  ProjectNominated: {
    nominationId: 'nom-1',
    associationId: 'assoc-francs-moisins',
    projectTitle: 'Atelier numérique',
    themes: ['numérique'],
    qpv: 'Francs-Moisins',
  },
  ProjectSelected: {
    nominationId: 'nom-1',
    incubationId: 'inc-1',
    associationId: 'assoc-francs-moisins',
    projectTitle: 'Atelier numérique',
    reason: 'Public jeune',
    selected: 1,
    capacity: 12,
  },
  CohortClosed: { selected: 1, nominations: 3 },
  IncubationStarted: {
    cohortId: 'cohort-1',
    associationId: 'assoc-francs-moisins',
    projectTitle: 'Atelier numérique',
    territoryId: 'plaine-commune',
    year: 2027,
    themes: [],
    qpv: 'Francs-Moisins',
    reason: 'Public jeune',
  },
  MentorAssigned: { mentorAssociationId: 'assoc-sport-pour-tous' },
  SupportPlanSet: { supports: ['mentoring', 'funding_search'], milestones: [{ name: 'design', dueAt: AT }] },
  CheckInReminderSent: { n: 2 },
  MilestoneCompleted: { milestone: 'design' },
  MilestoneOverdue: { milestone: 'launch', dueAt: AT },
  FundingLeadRecorded: { leadId: 'lead-1', kind: 'micro_grant', description: 'Matériel', openedId: 'mg-2' },
  ImpactReportSubmitted: { summary: '45 jeunes formés' },
  IncubationGraduated: { impactSummary: '45 jeunes formés' },
  IncubationWithdrawn: { reason: 'Projet suspendu' },
};

/** A funder's open-data events (its own stream). */
const OPEN_DATA: { [T in OpenDataEventBody['type']]: Extract<OpenDataEventBody, { type: T }>['payload'] } = {
  OpenDataPublished: {
    trigger: 'deadline',
    rows: [{ rowId: 'anc-1/funder-caf-93/assoc-a/annee-1', grantId: 'anc-1', year: 2027, revision: 1, change: 'published', record: null }],
  },
  OpenDataReminderSent: { rowIds: ['r1', 'r2'], dueBy: LATER },
  OpenDataPublicationBlocked: { code: 'missing_siret', reason: 'the funder CAF has no SIRET in the directory', rowIds: ['r1'] },
};
type AnyType =
  | GrantEventType
  | OpenDataEventBody['type']
  | TaskForceEventType
  | ContributionEventType
  | ReferralEventType
  | CodirEventType
  | MissionSheetEventType
  | CopilEventType;

/** One task force event of every type (their texts live in the domain, libs/domain/src/task-force). */
const TASK_FORCE: { [T in TaskForceEventType]: Extract<TaskForceEventBody, { type: T }>['payload'] } = {
  TaskForceProposed: {
    territoryId: 'plaine-commune',
    qpv: 'Francs-Moisins',
    title: 'Halls de la rue Gabriel-Péri',
    problem: 'Les regroupements dans les halls inquiètent les habitants.',
    durationMonths: 6,
    members: [
      { memberId: 'pilot', kind: 'pilot', name: 'Cheffe de projet DSU' },
      { memberId: 'm1', kind: 'association', organisationId: 'assoc-francs-moisins', name: 'Les Ateliers des Francs-Moisins' },
    ],
    policy: DEFAULT_TASK_FORCE_POLICY,
  },
  TaskForceMemberInvited: { member: { memberId: 'm2', kind: 'signatory', organisationId: 'funder-caf-93', name: 'CAF de la Seine-Saint-Denis' } },
  TaskForceInvitationAccepted: { memberId: 'm1', recordedByPilot: false },
  TaskForceInvitationDeclined: { memberId: 'm1', reason: 'Équipe trop réduite ce semestre', recordedByPilot: false },
  TaskForceInvitationReminderSent: { memberIds: ['m1'] },
  TaskForceKickedOff: { heldOn: '2027-01-01T09:00:00.000Z', summary: 'Diagnostic partagé.', endsAt: LATER, midTermDueAt: AT, checkInsDue: [AT] },
  TaskForceActionLogged: { entryId: 'a1', text: 'Permanence le mercredi.', memberId: 'm1' },
  TaskForceCheckInReminderSent: { n: 1, dueAt: AT },
  TaskForceCheckInHeld: { n: 1, summary: 'Permanence tenue quatre fois.' },
  TaskForceCheckInMissed: { n: 2, dueAt: AT },
  TaskForceMidTermReviewReminderSent: { dueAt: AT },
  TaskForceMidTermReviewSubmitted: { assessment: 'Moins de regroupements signalés.', adjustments: 'Un créneau le samedi.' },
  TaskForceExtended: { months: 2, reason: 'Les travaux du hall ont pris du retard.', endsAt: LATER, checkInsDue: [] },
  TaskForceEndReminderSent: { endsAt: LATER },
  TaskForceFinalReportDue: { endsAt: LATER },
  TaskForceFinalReportOverdue: { endsAt: LATER },
  TaskForceFinalReportSubmitted: {
    coordinated: 'Médiation, bailleur et ville sur un même planning.',
    scaleUp: 'Le créneau du samedi passe dans le droit commun.',
  },
  TaskForceCancelled: { reason: 'Pris en charge par le contrat local de sécurité.' },
};
const TASK_FORCE_STATE = evolveTaskForce(null, {
  type: 'TaskForceProposed',
  payload: TASK_FORCE.TaskForceProposed,
  grantId: 'tf-1',
  actor: { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' },
  occurredAt: AT,
});

const CONTRIBUTION_TERMS = {
  territoryId: 'plaine-commune',
  signatoryId: 'funder-caf-93',
  orientation: 'cohesion_sociale' as const,
  year: 2027,
  nature: 'funding' as const,
  amountCents: euros(50_000),
  description: 'médiation familiale dans les centres sociaux',
  coCarriers: [],
};
/** One contribution event of every type (their texts live in the domain, libs/domain/src/contribution). */
const CONTRIBUTION: { [T in ContributionEventType]: Extract<ContributionEventBody, { type: T }>['payload'] } = {
  ContributionProposed: { terms: CONTRIBUTION_TERMS, side: 'team', signBy: LATER, policy: DEFAULT_CONTRIBUTION_POLICY },
  ContributionRevised: { terms: CONTRIBUTION_TERMS, side: 'signatory', version: 2, signBy: LATER },
  ContributionSigned: { side: 'team', version: 2 },
  ContributionAgreed: { version: 2 },
  ContributionReminderSent: { awaiting: 'signatory', signBy: LATER },
  ContributionExpired: { awaiting: 'signatory', signBy: LATER },
  ContributionWithdrawn: { side: 'team', reason: 'Doublon avec la convention de la CAF' },
};
const CONTRIBUTION_STATE = evolveContribution(null, {
  type: 'ContributionProposed',
  payload: CONTRIBUTION.ContributionProposed,
  grantId: 'ctb-1',
  actor: { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' },
  occurredAt: AT,
});

const NEED = {
  territoryId: 'plaine-commune',
  associationId: 'assoc-francs-moisins',
  orientation: 'jeunesse' as const,
  supportKind: 'premises' as const,
  description: 'un local pour l’aide aux devoirs',
};
/** One routed need's event of every type (their texts live in the domain, libs/domain/src/referral). */
const REFERRAL: { [T in ReferralEventType]: Extract<ReferralEventBody, { type: T }>['payload'] } = {
  ReferralSubmitted: { need: NEED, policy: DEFAULT_REFERRAL_POLICY },
  ReferralRouted: { signatoryId: 'funder-bailleur-seine-saint-denis-habitat', contactName: 'M. Martin', answerBy: LATER, suggested: true, routing: 1 },
  ReferralReminderSent: { signatoryId: 'funder-bailleur-seine-saint-denis-habitat', answerBy: LATER },
  ReferralEscalated: { signatoryId: 'funder-bailleur-seine-saint-denis-habitat', answerBy: LATER },
  ReferralSupported: { signatoryId: 'funder-bailleur-seine-saint-denis-habitat', support: 'Le local du 12, rue du Landy, le mardi et le jeudi.' },
  ReferralDeclined: { signatoryId: 'funder-caf-93', reason: 'Pas de local dans ce quartier.' },
  ReferralWithdrawn: { reason: 'Trouvé ailleurs.' },
};
const REFERRAL_STATE = evolveReferral(null, {
  type: 'ReferralSubmitted',
  payload: REFERRAL.ReferralSubmitted,
  grantId: 'ref-1',
  actor: { kind: 'user', id: 'user-assoc-francs-moisins', role: 'association' },
  occurredAt: AT,
});

const DIRECTIONS = [
  { directionId: 'education', sector: 'education' as const, name: 'Direction de l’éducation', contact: 'education@ville.example' },
  { directionId: 'sports', sector: 'sport' as const, name: 'Direction des sports', contact: '01 23 45 67 89' },
];
/** One CODIR event of every type (their texts live in the domain, libs/domain/src/codir). */
const CODIR: { [T in CodirEventType]: Extract<CodirEventBody, { type: T }>['payload'] } = {
  CodirOpened: {
    territoryId: 'plaine-commune',
    year: 2027,
    meetingAt: LATER,
    statementsDueAt: AT,
    directions: DIRECTIONS,
    bySchedule: true,
    policy: DEFAULT_CODIR_POLICY,
  },
  CodirDirectionInvited: { direction: { directionId: 'habitat', sector: 'housing', name: 'Direction de l’habitat', contact: 'habitat@ville.example' } },
  CodirStatementReminderSent: { directionIds: ['sports'], dueAt: AT },
  CodirStatementRecorded: { directionId: 'education', text: 'Cités éducatives : trois écoles du quartier.', qpvs: ['Francs-Moisins'] },
  CodirStatementsClosed: { missing: ['sports'] },
  CodirResourceAnswered: {
    directionId: 'education',
    text: 'Les associations de soutien scolaire du quartier.',
    relays: ['assoc-francs-moisins'],
    coFunding: [],
  },
  CodirMeetingHeld: {
    heldOn: AT,
    minutes: 'Tour de table.',
    attendees: ['education'],
    commitments: [{ commitmentId: 'c1', directionId: 'education', text: 'Un référent par école', dueAt: LATER }],
    followUpUntil: LATER,
  },
  CodirCommitmentReminderSent: { commitmentId: 'c1', dueAt: LATER },
  CodirCommitmentDone: { commitmentId: 'c1', note: 'Nommés à la rentrée.' },
  CodirCommitmentOverdue: { commitmentId: 'c1', dueAt: LATER },
  CodirClosed: { done: 1, overdue: 2 },
};
const CODIR_STATE = [
  { type: 'CodirOpened', payload: CODIR.CodirOpened },
  { type: 'CodirMeetingHeld', payload: CODIR.CodirMeetingHeld },
].reduce<ReturnType<typeof evolveCodir> | null>(
  (state, body) =>
    evolveCodir(state, {
      ...(body as CodirEventBody),
      grantId: 'codir-plaine-commune-2027',
      actor: { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' },
      occurredAt: AT,
    }),
  null,
)!;

const FIGURES = {
  year: 2026,
  microGrantsRequested: 12,
  microGrantsApproved: 9,
  microGrantsRejected: 1,
  envelopeTotalCents: euros(30_000),
  envelopeCommittedCents: euros(18_500),
  paidCents: euros(46_500),
  paymentOrders: 14,
  callsLaunched: 1,
  agreementsFollowed: 2,
  cohortSelected: 3,
  graduations: 1,
  taskForces: 1,
  codirHeld: true,
};
const SHEET = { activityReport: 'Bilan', priorities: 'Emploi des jeunes', splitOfWork: 'Appels et bailleurs', complementarity: 'Une réunion commune par mois' };
/** One mission sheet event of every type (their texts live in the domain, libs/domain/src/mission-sheet). */
const MISSION_SHEET: { [T in MissionSheetEventType]: Extract<MissionSheetEventBody, { type: T }>['payload'] } = {
  MissionSheetOpened: { territoryId: 'plaine-commune', year: 2027, copilAt: LATER, figures: FIGURES, draft: SHEET, policy: DEFAULT_MISSION_SHEET_POLICY },
  MissionSheetRevised: { version: 2, content: SHEET, side: 'prefect_delegate' },
  MissionSheetSigned: { version: 2, side: 'project_lead' },
  MissionSheetReminderSent: { copilAt: LATER, awaiting: ['prefect_delegate'] },
  MissionSheetAdopted: { version: 2, decidedOn: LATER },
  MissionSheetSentBack: { version: 2, decidedOn: LATER, comments: 'Préciser la répartition du travail.' },
  MissionSheetLapsed: { version: 2 },
};
const MISSION_SHEET_STATE = evolveMissionSheet(null, {
  type: 'MissionSheetOpened',
  payload: MISSION_SHEET.MissionSheetOpened,
  grantId: 'ms-plaine-commune-2027',
  actor: { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' },
  occurredAt: AT,
});

/** One Copil event of every type (their texts live in the domain, libs/domain/src/copil). */
const SEAT = {
  mandateId: 'copil-plaine-commune-2027-r1-s1',
  copilId: 'copil-plaine-commune-2027',
  college: 'associations' as const,
  holder: 'Les Ateliers des Francs-Moisins',
  associationId: 'assoc-francs-moisins',
};
const COPIL: { [T in CopilEventType]: Extract<CopilEventBody, { type: T }>['payload'] } = {
  CopilOpened: { territoryId: 'plaine-commune', year: 2027, policy: DEFAULT_COPIL_POLICY },
  CopilRoundOpened: { roundId: 'r1', college: 'associations', seats: 2, candidaciesDueAt: LATER, termYears: 2, toldAssociationIds: ['assoc-francs-moisins'] },
  CopilCandidacyFiled: {
    roundId: 'r1',
    candidacyId: 'r1-c1',
    candidate: { name: 'Les Ateliers des Francs-Moisins', associationId: 'assoc-francs-moisins' },
    statement: 'Dix ans d’ateliers au cœur du quartier.',
  },
  CopilRoundClosed: { roundId: 'r1', candidacies: 3 },
  CopilSeatDesignated: {
    roundId: 'r1',
    candidacyId: 'r1-c1',
    mandateId: SEAT.mandateId,
    reason: 'Élue par le collège, 9 voix sur 14.',
    startsAt: AT,
    endsAt: LATER,
  },
  CopilMandateReminderSent: { mandateId: SEAT.mandateId, endsAt: LATER },
  CopilMandateEnded: { mandateId: SEAT.mandateId },
  CopilMeetingScheduled: { meetingId: 'copil-plaine-commune-2027-m1', at: LATER, agenda: ['Axes prioritaires', 'Feuille de mission'], invited: [SEAT] },
  CopilMeetingHeld: { meetingId: 'copil-plaine-commune-2027-m1', heldOn: LATER, minutes: 'Deux axes soumis au vote.', attendees: [SEAT.mandateId] },
  CopilAxisDecided: {
    meetingId: 'copil-plaine-commune-2027-m1',
    axisId: 'copil-plaine-commune-2027-m1-a1',
    title: 'Accès aux droits',
    votes: { state: 'for', local_authorities: 'for', associations: 'for', citizens: 'abstain' },
    adopted: true,
  },
  CopilTokensCredited: { meetingId: 'copil-plaine-commune-2027-m1', agreementIds: ['anc-1'] },
  CopilYearEnded: { unfilledRounds: [], unheldMeetings: ['copil-plaine-commune-2027-m2'] },
  CopilClosed: { mandates: 3, meetings: 2, decisions: 4 },
};
const COPIL_STATE = (['CopilOpened', 'CopilRoundOpened', 'CopilCandidacyFiled', 'CopilSeatDesignated', 'CopilMeetingScheduled'] as const).reduce<ReturnType<
  typeof evolveCopil
> | null>(
  (state, type) =>
    evolveCopil(state, {
      type,
      payload: COPIL[type],
      grantId: 'copil-plaine-commune-2027',
      actor: { kind: 'user', id: 'pl-plaine-commune', role: 'project_lead' },
      occurredAt: AT,
    } as never),
  null,
)!;

const MICRO = new Set([
  'MicroGrantRequested',
  'MicroGrantEscalated',
  'MicroGrantFundsReserved',
  'MicroGrantDecisionRecorded',
  'MicroGrantApproved',
  'MicroGrantRejected',
  'MicroGrantExpired',
  'PaymentOrdered',
  'ReportReminderSent',
  'ReportOverdue',
  'ReportSubmitted',
]);
const AGREEMENT = new Set(
  Object.keys(SAMPLES).filter(
    (t) =>
      t.startsWith('Agreement') ||
      (t.includes('Tranche') && t !== 'ConsortiumTrancheOrdered') ||
      t.startsWith('Coordination') ||
      t.startsWith('ActivityReport') ||
      t.startsWith('Amendment') ||
      t === 'TerminationRequested' ||
      t === 'FundingLineAccepted',
  ),
);
const INCUBATION = new Set([
  'CohortOpened',
  'ProjectNominated',
  'ProjectSelected',
  'CohortClosed',
  'IncubationStarted',
  'MentorAssigned',
  'SupportPlanSet',
  'CheckInReminderSent',
  'MilestoneCompleted',
  'MilestoneOverdue',
  'FundingLeadRecorded',
  'ImpactReportSubmitted',
  'IncubationGraduated',
  'IncubationWithdrawn',
]);

function render(type: AnyType, language: 'fr' | 'en'): RenderedNotification {
  const link = 'https://subventions.example.fr/app/dossiers/x';
  const en = language === 'en';
  if (type in COPIL) {
    const copil = { type, payload: COPIL[type as CopilEventType] } as CopilEventBody;
    return renderCopilNotification(copil, COPIL_STATE, link, language);
  }
  if (type in MISSION_SHEET) {
    const sheet = { type, payload: MISSION_SHEET[type as MissionSheetEventType] } as MissionSheetEventBody;
    return renderMissionSheetNotification(sheet, MISSION_SHEET_STATE, link, language);
  }
  if (type in CODIR) {
    const codir = { type, payload: CODIR[type as CodirEventType] } as CodirEventBody;
    return renderCodirNotification(codir, CODIR_STATE, link, language);
  }
  if (type in REFERRAL) {
    const referral = { type, payload: REFERRAL[type as ReferralEventType] } as ReferralEventBody;
    return renderReferralNotification(referral, REFERRAL_STATE, link, language);
  }
  if (type in CONTRIBUTION) {
    const contribution = { type, payload: CONTRIBUTION[type as ContributionEventType] } as ContributionEventBody;
    return renderContributionNotification(contribution, CONTRIBUTION_STATE, link, language);
  }
  if (type in TASK_FORCE) {
    const taskForce = { type, payload: TASK_FORCE[type as TaskForceEventType] } as TaskForceEventBody;
    return renderTaskForceNotification(taskForce, TASK_FORCE_STATE, link, language);
  }
  if (type in OPEN_DATA) {
    const openData = { type, payload: OPEN_DATA[type as OpenDataEventBody['type']] } as OpenDataEventBody;
    return (en ? renderOpenDataNotificationEn : renderOpenDataNotification)(openData, 'CAF de la Seine-Saint-Denis', link);
  }
  const event = { type, payload: SAMPLES[type as GrantEventType] } as GrantEventBody;
  if (MICRO.has(type)) {
    const grant = { title: 'Fête de quartier', associationId: 'assoc-francs-moisins', territoryId: 'plaine-commune', amountCents: euros(1_500) };
    return renderMicroGrantNotification(event as MicroGrantEventBody, grant, link, language);
  }
  if (AGREEMENT.has(type)) return renderAgreementNotification(event as AgreementEventBody, "Convention d'ancrage des Jardins", link, language);
  if (INCUBATION.has(type)) return renderIncubationNotification(event as CohortEventBody | IncubationEventBody, 'Atelier numérique', link, language);
  const facts = { callTitle: 'Tisser du lien', consortiumName: 'Francs-Moisins Ensemble' };
  return renderCallNotification(event as CallEventBody | ApplicationEventBody, facts, link, language);
}

describe('the texts of every notification', () => {
  const types = [
    ...Object.keys(SAMPLES),
    ...Object.keys(OPEN_DATA),
    ...Object.keys(TASK_FORCE),
    ...Object.keys(CONTRIBUTION),
    ...Object.keys(REFERRAL),
    ...Object.keys(CODIR),
    ...Object.keys(MISSION_SHEET),
    ...Object.keys(COPIL),
  ] as AnyType[];

  it('renders every event type in French with French typography, no "(e)" or "(s)" and no English word', () => {
    const problems: string[] = [];
    for (const type of types) {
      const { subject, text } = render(type, 'fr');
      const all = `${subject}\n${text}`;
      if (/\((e|s|es)\)/.test(all)) problems.push(`${type}: a "(e)" or "(s)" form`);
      if (/ [:;!?»€]/.test(all.replace(/https?:\/\/\S+/g, '')))
        problems.push(`${type}: an ordinary space before a colon, a semicolon, a guillemet or €: ${JSON.stringify(all)}`);
      if (/« /.test(all)) problems.push(`${type}: an ordinary space after «`);
      if (/\bde le\b|\bà le\b|\b1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b/.test(all))
        problems.push(`${type}: "de le", "à le" or "1 janvier": ${all}`);
      if (/\b[A-Z][a-z]+[A-Z][a-zA-Z]+\b/.test(subject)) problems.push(`${type}: an event type name in the subject: ${subject}`);
    }
    expect(problems).toEqual([]);
    expect(render('MicroGrantDecisionRecorded', 'fr').text).toContain('a donné un avis favorable à la demande');
    expect(render('ConsortiumTrancheOrdered', 'fr').text).toContain('La première tranche est ordonnée');
    expect(render('CohortClosed', 'fr').text).toContain('1 projet retenu sur 3 proposés');
    expect(render('ExpressionOfInterestReceived', 'fr').text).toContain('(2 membres)');
    expect(render('FinalReportOverdue', 'fr').text).toContain('Le bilan final du consortium');
    expect(render('AgreementProposed', 'fr').text).toContain('à partir du 1er janvier 2027');
  });

  it('renders every event type in English, numbers agreeing with their nouns', () => {
    for (const type of types) expect(`${render(type, 'en').subject} ${render(type, 'en').text}`).not.toMatch(/\((e|s|es)\)/);
    expect(render('CohortClosed', 'en').text).toContain('1 project selected out of 3 nominated');
  });

  it('writes every text to docs/notification-texts.md, to be read', () => {
    const lines = ['# Notification texts', '', 'Written by `test/unit/notification-texts.spec.ts` from one sample event of every type: read them here.', ''];
    for (const type of types) {
      lines.push(`## ${type}`, '');
      for (const language of ['fr', 'en'] as const) {
        const { subject, text } = render(type, language);
        lines.push(`**${language}** · ${subject}`, '', '```', text, '```', '');
      }
    }
    const digest = renderDigest(
      '2027-03-14',
      [{ subject: 'Micro-subvention accordée : Fête', body: 'Le binôme a accordé la demande.', created_at: new Date(AT) }],
      'fr',
    );
    lines.push('## Daily digest', '', `**fr** · ${digest.subject}`, '', '```', digest.text, '```', '');
    writeFileSync(join(__dirname, '../../docs/notification-texts.md'), lines.join('\n'));
    expect(digest.subject).toBe('Votre résumé du 14 mars 2027\u00a0: 1 notification');
  });

  it("makes only the platform's own links clickable in an e-mail, never a URL someone wrote", () => {
    const html = toHtml(
      'Refus',
      'Motif : voir https://arnaque.example/formulaire?x=1&y=2\n\nDossier : https://subventions.example.fr/app/dossiers/mg-1',
      'fr',
      'https://subventions.example.fr',
    );
    expect(html).toContain('<a href="https://subventions.example.fr/app/dossiers/mg-1">');
    expect(html).not.toContain('<a href="https://arnaque.example');
    expect(html).toContain('https://arnaque.example/formulaire?x=1&amp;y=2');
    expect(toHtml('x', '<script>alert(1)</script>', 'fr', 'https://subventions.example.fr')).toContain('&lt;script&gt;');
  });
});
