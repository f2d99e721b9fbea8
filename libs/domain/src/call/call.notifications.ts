import { dayEn, dayFr, dayTimeEn, dayTimeFr } from '../dates';
import { formatCentsEn, formatCentsFr } from '../money';
import { capitalized, countOf, Notice, NoticeText, Notices, noticesOf } from '../notices';
import { Audience, orgAudiences as orgs } from '../roles';
import { ApplicationEventBody, CallEventBody } from './call.events';

/** The parties of a call for projects and of one of its applications. */
export interface CallParties {
  territories: readonly string[];
  funderIds: readonly string[];
  /** Every association matched (invited) by the call. */
  invited: readonly string[];
  /** The members of the application (or consortium) the event is about. */
  members?: readonly string[];
}

/** What call and application notifications name besides the event. */
export interface CallFacts {
  callTitle: string;
  /** The consortium, for application events. */
  consortiumName?: string;
}

type CallStreamEventBody = CallEventBody | ApplicationEventBody;
type CallStreamEventType = CallStreamEventBody['type'];

/** Who steers a call: the project leads of its territories and its funders. */
export function callManagerAudiences(parties: CallParties): Audience[] {
  return [
    ...parties.territories.map((territory): Audience => ({ kind: 'territory_role', role: 'project_lead', territory })),
    ...parties.funderIds.map((org): Audience => ({ kind: 'org', org })),
  ];
}

const members = (p: CallParties): Audience[] => orgs(p.members);
const membersAndManagers = (p: CallParties): Audience[] => [...members(p), ...callManagerAudiences(p)];
// The members are paid; the call's funders hear of every order made from their money.
const paidMembers = (p: CallParties): Audience[] => [...members(p), ...orgs(p.funderIds)];
const nobody = (): Audience[] => [];

const callFr = (f: CallFacts) => `« ${f.callTitle} »`;
const callEn = (f: CallFacts) => `"${f.callTitle}"`;
const consortiumFr = (f: CallFacts) => (f.consortiumName ? `le consortium « ${f.consortiumName} »` : 'votre consortium');
const ofConsortiumFr = (f: CallFacts) => (f.consortiumName ? `du consortium « ${f.consortiumName} »` : 'de votre consortium');
const consortiumEn = (f: CallFacts) => (f.consortiumName ? `the consortium "${f.consortiumName}"` : 'your consortium');

/** A step the call's pages show and nobody is told of. */
function step<T extends CallStreamEventType>(type: T): Notice<CallStreamEventBody, CallParties, T, CallFacts> {
  return {
    audiences: nobody,
    fr: (_p, f) => ({ subject: `Étape de l'appel à projets : ${f.callTitle}`, text: `Étape enregistrée pour ${callFr(f)}.` }),
    en: (_p, f) => ({ subject: `${type}: ${f.callTitle}`, text: `A step was recorded for ${callEn(f)}.` }),
  };
}

/**
 * Who hears of each call or application event and what they read, in French and in English: one
 * entry per event type (the compiler names one left out). The sending activity adds the link.
 */
export const CALL_NOTICES: Notices<CallStreamEventBody, CallParties, CallFacts> = {
  CallLaunched: {
    // The funders hear of a line put on their money: each accepts its own.
    audiences: (_parties, p) => orgs(p.awaitingFunders),
    fr: (p, f) => ({
      subject: `Ligne de financement à accepter : ${f.callTitle}`,
      text:
        `L'appel à projets ${callFr(f)} est lancé avec une ligne de votre organisation dans son plan de financement ` +
        `(budget de ${formatCentsFr(p.budgetCents)}).\n` +
        `Acceptez votre ligne : aucune indemnité de pré-sélection ni aucune subvention de l'appel n'est ordonnée avant l'accord de chaque financeur.`,
    }),
    en: (p, f) => ({
      subject: `Funding line to accept: ${f.callTitle}`,
      text:
        `The call for projects ${callEn(f)} is launched with a line of your organisation in its funding plan (a budget of ${formatCentsEn(p.budgetCents)}). ` +
        `Accept your line: no pre-selection stipend and no award of the call is ordered before every funder has accepted.`,
    }),
  },
  CallFundingLineAccepted: {
    audiences: callManagerAudiences,
    fr: (p, f) => ({
      subject: `Ligne de financement acceptée : ${f.callTitle}`,
      text:
        `${p.funderId} accepte sa ligne du plan de financement de l'appel à projets ${callFr(f)}.` +
        (p.awaitingFunders.length
          ? ` L'appel attend encore l'accord de : ${p.awaitingFunders.join(', ')}.`
          : " Chaque financeur a accepté sa ligne : les indemnités et les subventions de l'appel peuvent être ordonnées."),
    }),
    en: (p, f) => ({
      subject: `Funding line accepted: ${f.callTitle}`,
      text:
        `${p.funderId} accepts its line of the funding plan of the call ${callEn(f)}.` +
        (p.awaitingFunders.length
          ? ` The call still awaits: ${p.awaitingFunders.join(', ')}.`
          : " Every funder has accepted its line: the call's stipends and awards may be ordered."),
    }),
  },
  AssociationsInvited: {
    audiences: (_parties, p) => orgs(p.associationIds),
    fr: (_p, f) => ({
      subject: `Appel à projets : votre association est invitée, ${f.callTitle}`,
      text:
        `Votre association correspond aux thèmes et aux territoires de l'appel à projets ${callFr(f)}.\n` +
        `Des rencontres entre associations sont organisées avant les candidatures, pour former des consortiums plutôt que de concourir.`,
    }),
    en: (_p, f) => ({
      subject: `Call for projects: you are invited, ${f.callTitle}`,
      text: `Your association matches the themes and territories of the call ${callEn(f)}. Meetups between associations come before applications, to form consortia rather than compete.`,
    }),
  },
  MeetupScheduled: {
    audiences: (parties) => orgs(parties.invited),
    fr: (p, f) => ({
      subject: `Rencontre inter-associative : ${f.callTitle}`,
      text: `Une rencontre est prévue le ${dayTimeFr(p.at)} (${p.place}) pour l'appel à projets ${callFr(f)}.\nMerci d'indiquer votre présence.`,
    }),
    en: (p, f) => ({
      subject: `Meetup between associations: ${f.callTitle}`,
      text: `A meetup is held on ${dayTimeEn(p.at)} (${p.place}) for the call ${callEn(f)}. Please say whether you attend.`,
    }),
  },
  MeetupRsvpRecorded: step('MeetupRsvpRecorded'),
  MeetupAttendanceRecorded: step('MeetupAttendanceRecorded'),
  ConsortiumFormed: step('ConsortiumFormed'),
  ConsortiumMemberInvited: {
    audiences: (_parties, p) => orgs([p.associationId]),
    fr: (_p, f) => ({
      subject: `Invitation à rejoindre un consortium : ${f.callTitle}`,
      text: `Votre association est invitée à rejoindre ${consortiumFr(f)} pour l'appel à projets ${callFr(f)}. Vous pouvez accepter ou décliner.`,
    }),
    en: (_p, f) => ({
      subject: `Invitation to join a consortium: ${f.callTitle}`,
      text: `Your association is invited to join ${consortiumEn(f)} for the call ${callEn(f)}. You may accept or decline.`,
    }),
  },
  ConsortiumInvitationAnswered: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Réponse à une invitation : ${f.callTitle}`,
      text: `${p.associationId} a ${p.accepted ? 'accepté' : 'décliné'} l'invitation à rejoindre ${consortiumFr(f)}.`,
    }),
    en: (p, f) => ({
      subject: `Invitation answered: ${f.callTitle}`,
      text: `${p.associationId} ${p.accepted ? 'accepted' : 'declined'} the invitation to join ${consortiumEn(f)}.`,
    }),
  },
  ExpressionOfInterestReceived: {
    audiences: callManagerAudiences,
    fr: (p, f) => ({
      subject: `Manifestation d'intérêt reçue : ${f.callTitle}`,
      text: `Une manifestation d'intérêt a été déposée pour ${callFr(f)} (${countOf(p.members.length, 'membre', 'membres')}) :\n${p.summary}`,
    }),
    en: (p, f) => ({
      subject: `Expression of interest received: ${f.callTitle}`,
      text: `An expression of interest was filed for ${callEn(f)} (${countOf(p.members.length, 'member', 'members')}):\n${p.summary}`,
    }),
  },
  ExpressionsClosed: step('ExpressionsClosed'),
  ShortlistDecided: step('ShortlistDecided'),
  ProposalsClosed: step('ProposalsClosed'),
  AwardsDecided: step('AwardsDecided'),
  ApplicationOpened: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Manifestation d'intérêt enregistrée : ${f.callTitle}`,
      text:
        `La manifestation d'intérêt ${ofConsortiumFr(f)} pour ${callFr(f)} est enregistrée.\n` +
        (p.paidPreselection
          ? "Une pré-sélection rémunérée aura lieu après la date limite des manifestations d'intérêt."
          : `La proposition est attendue avant le ${dayTimeFr(p.proposalDeadline)}.`),
    }),
    en: (p, f) => ({
      subject: `Expression of interest recorded: ${f.callTitle}`,
      text:
        `The expression of interest of ${consortiumEn(f)} in ${callEn(f)} is recorded.\n` +
        (p.paidPreselection ? 'A paid pre-selection follows the expression-of-interest deadline.' : `The proposal is due by ${dayTimeEn(p.proposalDeadline)}.`),
    }),
  },
  ApplicationShortlisted: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Pré-sélection : ${consortiumFr(f)} est retenu`,
      text: `Votre candidature à ${callFr(f)} est pré-sélectionnée. Une indemnité de co-construction vous est versée.\nMotif : ${p.reason}`,
    }),
    en: (p, f) => ({
      subject: `Pre-selection: ${consortiumEn(f)} is shortlisted`,
      text: `Your application to ${callEn(f)} is shortlisted; a co-production stipend is paid to you.\nReason: ${p.reason}`,
    }),
  },
  ApplicationNotShortlisted: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Pré-sélection : candidature non retenue, ${f.callTitle}`,
      text: `Votre candidature à ${callFr(f)} n'est pas pré-sélectionnée.\nMotif : ${p.reason}`,
    }),
    en: (p, f) => ({
      subject: `Pre-selection: application not retained, ${f.callTitle}`,
      text: `Your application to ${callEn(f)} is not shortlisted.\nReason: ${p.reason}`,
    }),
  },
  StipendOrdered: {
    audiences: paidMembers,
    fr: (p, f) => ({
      subject: `Indemnité de pré-sélection ordonnée : ${f.callTitle}`,
      text:
        `L'indemnité de ${formatCentsFr(p.amountCents)} est ordonnée (ordre ${p.paymentOrderId}), répartie ainsi :\n` +
        p.split.map((s) => `- ${s.associationId} : ${formatCentsFr(s.amountCents)}`).join('\n'),
    }),
    en: (p, f) => ({
      subject: `Pre-selection stipend ordered: ${f.callTitle}`,
      text:
        `The stipend of ${formatCentsEn(p.amountCents)} is ordered (order ${p.paymentOrderId}), split as follows:\n` +
        p.split.map((s) => `- ${s.associationId}: ${formatCentsEn(s.amountCents)}`).join('\n'),
    }),
  },
  ProposalSubmitted: {
    audiences: callManagerAudiences,
    fr: (p, f) => ({
      subject: `Proposition reçue : ${f.callTitle}`,
      text:
        `${capitalized(consortiumFr(f))} demande ${formatCentsFr(p.requestedAmountCents)}, répartis ainsi :\n` +
        p.members.map((m) => `- ${m.associationId} (${m.role}) : ${formatCentsFr(m.shareCents)}`).join('\n'),
    }),
    en: (p, f) => ({
      subject: `Proposal received: ${f.callTitle}`,
      text:
        `${consortiumEn(f)} asks for ${formatCentsEn(p.requestedAmountCents)}, split as follows:\n` +
        p.members.map((m) => `- ${m.associationId} (${m.role}): ${formatCentsEn(m.shareCents)}`).join('\n'),
    }),
  },
  DoubleFundingFlagged: {
    audiences: callManagerAudiences,
    fr: (p, f) => ({
      subject: `Risque de double financement : ${f.callTitle}`,
      text:
        `La proposition ${ofConsortiumFr(f)} recoupe des actions déjà financées sur une période qui se chevauche :\n` +
        p.flags
          .map(
            (flag) =>
              `- ${flag.associationId} (SIRET ${flag.siret}) : dossier ${flag.conflictingGrantId} « ${flag.conflictingTitle} », du ${dayFr(flag.periodStart)} au ${dayFr(flag.periodEnd)}`,
          )
          .join('\n'),
    }),
    en: (p, f) => ({
      subject: `Possible double funding: ${f.callTitle}`,
      text:
        `The proposal of ${consortiumEn(f)} overlaps actions already funded for an overlapping period:\n` +
        p.flags
          .map(
            (flag) =>
              `- ${flag.associationId} (SIRET ${flag.siret}): file ${flag.conflictingGrantId} "${flag.conflictingTitle}", ${dayEn(flag.periodStart)} to ${dayEn(flag.periodEnd)}`,
          )
          .join('\n'),
    }),
  },
  ProposalMissing: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Aucune proposition reçue : ${f.callTitle}`,
      text: `Aucune proposition n'a été déposée avant le ${dayTimeFr(p.proposalDeadline)} : la candidature est close.`,
    }),
    en: (p, f) => ({
      subject: `No proposal received: ${f.callTitle}`,
      text: `No proposal was filed by ${dayTimeEn(p.proposalDeadline)}: the application is closed.`,
    }),
  },
  ApplicationAwarded: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Subvention accordée : ${f.callTitle}`,
      text:
        `${capitalized(consortiumFr(f))} reçoit ${formatCentsFr(p.amountCents)}.\nMotif : ${p.reason}\n` +
        p.payments
          .map(
            (pay) =>
              `- ${pay.associationId} : ${formatCentsFr(pay.awardCents)} (${formatCentsFr(pay.firstTrancheCents)} maintenant, ${formatCentsFr(pay.finalTrancheCents)} au bilan final)`,
          )
          .join('\n') +
        `\nLe bilan final est attendu avant le ${dayFr(p.reportDueAt)}.`,
    }),
    en: (p, f) => ({
      subject: `Grant awarded: ${f.callTitle}`,
      text:
        `${consortiumEn(f)} receives ${formatCentsEn(p.amountCents)}.\nReason: ${p.reason}\n` +
        p.payments
          .map(
            (pay) =>
              `- ${pay.associationId}: ${formatCentsEn(pay.awardCents)} (${formatCentsEn(pay.firstTrancheCents)} now, ${formatCentsEn(pay.finalTrancheCents)} on the final report)`,
          )
          .join('\n') +
        `\nThe final report is due by ${dayEn(p.reportDueAt)}.`,
    }),
  },
  ApplicationNotAwarded: {
    audiences: members,
    fr: (p, f) => ({
      subject: `Candidature non retenue : ${f.callTitle}`,
      text: `Votre proposition pour ${callFr(f)} n'est pas retenue.\nMotif : ${p.reason}`,
    }),
    en: (p, f) => ({ subject: `Application not retained: ${f.callTitle}`, text: `Your proposal for ${callEn(f)} is not retained.\nReason: ${p.reason}` }),
  },
  ConsortiumTrancheOrdered: {
    audiences: paidMembers,
    fr: (p, f) => ({
      subject: `Paiement ordonné : ${f.callTitle}`,
      text:
        `${p.tranche === 'award' ? 'La première tranche est ordonnée' : 'Le solde est ordonné'} :\n` +
        p.orders.map((o) => `- ${o.associationId} : ${formatCentsFr(o.amountCents)} (ordre ${o.paymentOrderId})`).join('\n'),
    }),
    en: (p, f) => ({
      subject: `Payment ordered: ${f.callTitle}`,
      text:
        `${p.tranche === 'award' ? 'The first tranche' : 'The balance'} is ordered:\n` +
        p.orders.map((o) => `- ${o.associationId}: ${formatCentsEn(o.amountCents)} (order ${o.paymentOrderId})`).join('\n'),
    }),
  },
  FinalReportReminderSent: {
    audiences: members,
    fr: (p, f) => ({ subject: `Rappel : bilan final attendu, ${f.callTitle}`, text: `Le bilan final est attendu avant le ${dayFr(p.reportDueAt)}.` }),
    en: (p, f) => ({ subject: `Reminder: final report due, ${f.callTitle}`, text: `The final report is due by ${dayEn(p.reportDueAt)}.` }),
  },
  FinalReportOverdue: {
    audiences: membersAndManagers,
    fr: (p, f) => ({
      subject: `Bilan final en retard : ${f.callTitle}`,
      text: `Le bilan final ${ofConsortiumFr(f)} était attendu le ${dayFr(p.reportDueAt)} ; le solde reste en attente.`,
    }),
    en: (p, f) => ({
      subject: `Final report overdue: ${f.callTitle}`,
      text: `The final report of ${consortiumEn(f)} was due on ${dayEn(p.reportDueAt)}; the balance waits for it.`,
    }),
  },
  FinalReportSubmitted: {
    audiences: callManagerAudiences,
    fr: (_p, f) => ({ subject: `Bilan final reçu : ${f.callTitle}`, text: `${capitalized(consortiumFr(f))} a déposé son bilan final ; le solde est ordonné.` }),
    en: (_p, f) => ({ subject: `Final report received: ${f.callTitle}`, text: `${consortiumEn(f)} submitted its final report; the balance is ordered.` }),
  },
};

const notices = noticesOf(CALL_NOTICES);

/** Who hears of each call or application event. */
export function callAudiences(event: CallStreamEventBody, parties: CallParties): Audience[] {
  return notices.audiences(parties, event);
}

/** A call or application event's words, in French or in English (before the link and French typography). */
export function callNotice(event: CallStreamEventBody, facts: CallFacts, language: 'fr' | 'en'): NoticeText {
  return notices.render(event, facts, language);
}
