import { callManagerAudiences } from '../call';
import { dayEn, dayFr } from '../dates';
import { formatCentsEn, formatCentsFr } from '../money';
import { countOf, NoticeText, Notices, noticesOf } from '../notices';
import { Audience, orgAudiences as orgs } from '../roles';
import { AgreementEventBody } from './anchoring.events';

/** The parties of an anchoring agreement: its association, its territory (whose project lead steers it) and its funders. */
export interface AgreementParties {
  associationId: string;
  territoryId: string;
  funderIds: readonly string[];
}

const association = (p: AgreementParties): Audience[] => [{ kind: 'org', org: p.associationId }];
/** The funding side: the territory's project lead and the funders. */
const funding = (p: AgreementParties): Audience[] => callManagerAudiences({ territories: [p.territoryId], funderIds: p.funderIds, invited: [] });
const everyone = (p: AgreementParties): Audience[] => [...association(p), ...funding(p)];
/** The other side of the one that asked. */
const otherSide = (p: AgreementParties, side: 'association' | 'funding'): Audience[] => (side === 'association' ? funding(p) : association(p));

const nameFr = (title: string) => `« ${title} »`;
const nameEn = (title: string) => `"${title}"`;

/**
 * Who hears of each anchoring-agreement event (the association; the funding side: the territory's
 * project lead and the funders) and what they read, in French and in English: one entry per event
 * type (the compiler names one left out). The sending activity adds the link.
 */
export const AGREEMENT_NOTICES: Notices<AgreementEventBody, AgreementParties, string> = {
  AgreementProposed: {
    // The funders hear of a line put on their money: each accepts its own.
    audiences: (parties) => [...association(parties), ...orgs(parties.funderIds)],
    fr: (p, title) => ({
      subject: `Convention pluriannuelle d'ancrage proposée : ${title}`,
      text:
        `Une convention de ${countOf(p.years, 'an', 'ans')} vous est proposée : ${formatCentsFr(p.yearlyAmountCents)} par an de fonctionnement, ` +
        `à partir du ${dayFr(p.startDate)}, sans nouvelle demande chaque année. ` +
        (p.coordination.mode === 'flat'
          ? `Temps de coordination : forfait de ${formatCentsFr(p.coordination.flatAmountCents)} par an.`
          : `Temps de coordination : ${formatCentsFr(p.coordination.tokenValueCents)} par réunion, dans la limite de ${formatCentsFr(p.coordination.yearlyCapCents)} par an.`),
    }),
    en: (p, title) => ({
      subject: `Multi-year anchoring agreement proposed: ${title}`,
      text:
        `A ${p.years}-year agreement is proposed to you: ${formatCentsEn(p.yearlyAmountCents)} a year of operating costs from ${dayEn(p.startDate)}, with no yearly application. ` +
        (p.coordination.mode === 'flat'
          ? `Coordination time: a flat ${formatCentsEn(p.coordination.flatAmountCents)} a year.`
          : `Coordination time: ${formatCentsEn(p.coordination.tokenValueCents)} per meeting attended, up to ${formatCentsEn(p.coordination.yearlyCapCents)} a year.`),
    }),
  },
  AgreementAccepted: {
    audiences: funding,
    fr: (p, title) => ({
      subject: `Convention acceptée : ${title}`,
      text:
        `L'association a accepté la convention ${nameFr(title)}.` +
        (p.awaitingFunders?.length ? ` Elle attend encore l'accord de chaque financeur sur sa ligne : ${p.awaitingFunders.join(', ')}.` : ''),
    }),
    en: (p, title) => ({
      subject: `Agreement accepted: ${title}`,
      text:
        `The association accepted the agreement ${nameEn(title)}.` +
        (p.awaitingFunders?.length ? ` It still awaits each funder's acceptance of its line: ${p.awaitingFunders.join(', ')}.` : ''),
    }),
  },
  FundingLineAccepted: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Ligne de financement acceptée : ${title}`,
      text:
        `${p.funderId} accepte sa ligne du plan de financement de la convention ${nameFr(title)}.` +
        (p.awaitingFunders.length
          ? ` La convention attend encore l'accord de : ${p.awaitingFunders.join(', ')}.`
          : p.associationAccepted
            ? ' Toutes les parties ont accepté : la convention est signée.'
            : " La convention attend l'acceptation de l'association."),
    }),
    en: (p, title) => ({
      subject: `Funding line accepted: ${title}`,
      text:
        `${p.funderId} accepts its line of the funding plan of the agreement ${nameEn(title)}.` +
        (p.awaitingFunders.length
          ? ` The agreement still awaits: ${p.awaitingFunders.join(', ')}.`
          : p.associationAccepted
            ? ' Every party has accepted: the agreement is signed.'
            : " The agreement awaits the association's acceptance."),
    }),
  },
  AgreementWithdrawn: {
    audiences: everyone,
    fr: (p, title) => ({ subject: `Convention retirée : ${title}`, text: `La convention ${nameFr(title)} est retirée.\nMotif : ${p.reason}` }),
    en: (p, title) => ({ subject: `Agreement withdrawn: ${title}`, text: `The agreement ${nameEn(title)} is withdrawn.\nReason: ${p.reason}` }),
  },
  OperatingTrancheOrdered: {
    // Each funder hears of the order on its own line.
    audiences: (parties, p) => [...association(parties), ...orgs(p.orders.flatMap((order) => (order.funderId ? [order.funderId] : [])))],
    fr: (p, title) => ({
      subject: `Tranche ${p.released ? 'débloquée' : 'ordonnée'} : année ${p.year}, ${title}`,
      text:
        `La tranche de fonctionnement de l'année ${p.year} (${formatCentsFr(p.amountCents)}) est ordonnée :\n` +
        p.orders.map((o) => `- ${o.funderId} : ${formatCentsFr(o.amountCents)} (ordre ${o.paymentOrderId})`).join('\n'),
    }),
    en: (p, title) => ({
      subject: `Tranche ${p.released ? 'released' : 'ordered'}: year ${p.year}, ${title}`,
      text:
        `The operating tranche of year ${p.year} (${formatCentsEn(p.amountCents)}) is ordered:\n` +
        p.orders.map((o) => `- ${o.funderId}: ${formatCentsEn(o.amountCents)} (order ${o.paymentOrderId})`).join('\n'),
    }),
  },
  OperatingTrancheWithheld: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Tranche suspendue : année ${p.year}, ${title}`,
      text:
        `La tranche de l'année ${p.year} (${formatCentsFr(p.amountCents)}) est suspendue : ` +
        `le bilan d'activité de l'année ${p.missingReports.join(', ')} n'a pas été reçu. Elle sera versée dès sa réception.`,
    }),
    en: (p, title) => ({
      subject: `Tranche withheld: year ${p.year}, ${title}`,
      text: `The tranche of year ${p.year} (${formatCentsEn(p.amountCents)}) is withheld: the activity report of year ${p.missingReports.join(', ')} has not arrived. It is paid as soon as it does.`,
    }),
  },
  CoordinationTokenCredited: {
    // The agreement's page shows the tokens; the compensation at the year's end is told.
    audiences: () => [],
    fr: (p, title) => ({ subject: `Jeton de présence : ${title}`, text: `Présence enregistrée à la réunion du ${dayFr(p.date)} (${p.topic}).` }),
    en: (p, title) => ({ subject: `Attendance token: ${title}`, text: `Attendance recorded at the meeting of ${dayEn(p.date)} (${p.topic}).` }),
  },
  CoordinationCompensationOrdered: {
    audiences: association,
    fr: (p, title) => ({
      subject: `Temps de coordination indemnisé : année ${p.year}, ${title}`,
      text:
        `L'indemnisation du temps de coordination de l'année ${p.year} est de ${formatCentsFr(p.amountCents)}` +
        (p.tokens !== undefined ? ` (${countOf(p.tokens, 'jeton', 'jetons')} de présence)` : '') +
        (p.proRata ? ', au prorata de la durée de la convention' : '') +
        '.',
    }),
    en: (p, title) => ({
      subject: `Coordination time paid: year ${p.year}, ${title}`,
      text:
        `The coordination compensation of year ${p.year} is ${formatCentsEn(p.amountCents)}` +
        (p.tokens !== undefined ? ` (${countOf(p.tokens, 'attendance token', 'attendance tokens')})` : '') +
        (p.proRata ? ', pro rata of the agreement' : '') +
        '.',
    }),
  },
  ActivityReportReminderSent: {
    audiences: association,
    fr: (p, title) => ({
      subject: `Rappel : bilan d'activité de l'année ${p.year}, ${title}`,
      text: `Le bilan d'activité de l'année ${p.year} est attendu avant le ${dayFr(p.dueAt)}. Sans lui, la tranche suivante est suspendue.`,
    }),
    en: (p, title) => ({
      subject: `Reminder: activity report of year ${p.year}, ${title}`,
      text: `The activity report of year ${p.year} is due by ${dayEn(p.dueAt)}. Without it, the next tranche is withheld.`,
    }),
  },
  ActivityReportOverdue: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Bilan d'activité en retard : année ${p.year}, ${title}`,
      text: `Le bilan d'activité de l'année ${p.year} était attendu le ${dayFr(p.dueAt)}.`,
    }),
    en: (p, title) => ({
      subject: `Activity report overdue: year ${p.year}, ${title}`,
      text: `The activity report of year ${p.year} was due on ${dayEn(p.dueAt)}.`,
    }),
  },
  ActivityReportSubmitted: {
    audiences: funding,
    fr: (p, title) => ({ subject: `Bilan d'activité reçu : année ${p.year}, ${title}`, text: `Le bilan d'activité de l'année ${p.year} a été déposé.` }),
    en: (p, title) => ({ subject: `Activity report received: year ${p.year}, ${title}`, text: `The activity report of year ${p.year} was submitted.` }),
  },
  AmendmentProposed: {
    // Under the rule that each funder whose line changes agrees for itself, the funders hear of it whichever side proposes.
    audiences: (parties, p) => (p.awaitingFunders ? (p.side === 'association' ? funding(parties) : everyone(parties)) : otherSide(parties, p.side)),
    fr: (p, title) => ({
      subject: `Avenant proposé : ${title}`,
      text:
        `Un avenant porte le montant annuel à ${formatCentsFr(p.yearlyAmountCents)} à partir de l'année ${p.fromYear}. Il attend votre accord.` +
        (p.awaitingFunders?.length ? `\nChaque financeur dont la ligne change donne le sien : ${p.awaitingFunders.join(', ')}.` : ''),
    }),
    en: (p, title) => ({
      subject: `Amendment proposed: ${title}`,
      text:
        `An amendment sets the yearly amount to ${formatCentsEn(p.yearlyAmountCents)} from year ${p.fromYear}. It awaits your agreement.` +
        (p.awaitingFunders?.length ? `\nEach funder whose line changes gives its own: ${p.awaitingFunders.join(', ')}.` : ''),
    }),
  },
  AmendmentAgreed: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Avenant : un accord de plus, ${title}`,
      text:
        `${p.side === 'association' ? "L'association" : p.funderId} accepte l'avenant (${formatCentsFr(p.yearlyAmountCents)} par an à partir de l'année ${p.fromYear}).` +
        (p.awaitingFunders.length ? ` Il attend encore l'accord de : ${p.awaitingFunders.join(', ')}.` : '') +
        (p.associationAgreed ? '' : " Il attend l'accord de l'association."),
    }),
    en: (p, title) => ({
      subject: `Amendment: one more agreement, ${title}`,
      text:
        `${p.side === 'association' ? 'The association' : p.funderId} agrees to the amendment (${formatCentsEn(p.yearlyAmountCents)} a year from year ${p.fromYear}).` +
        (p.awaitingFunders.length ? ` It still awaits: ${p.awaitingFunders.join(', ')}.` : '') +
        (p.associationAgreed ? '' : " It awaits the association's agreement."),
    }),
  },
  AmendmentAccepted: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Avenant signé : ${title}`,
      text: `Le montant annuel est de ${formatCentsFr(p.yearlyAmountCents)} à partir de l'année ${p.fromYear}.`,
    }),
    en: (p, title) => ({ subject: `Amendment signed: ${title}`, text: `The yearly amount is ${formatCentsEn(p.yearlyAmountCents)} from year ${p.fromYear}.` }),
  },
  TerminationRequested: {
    audiences: (parties, p) => (p.awaiting ? everyone(parties) : otherSide(parties, p.side)),
    fr: (p, title) => ({
      subject: `Résiliation ${p.mode === 'notice' ? 'notifiée' : 'demandée'} : ${title}`,
      text:
        (p.mode === 'notice'
          ? `La convention prendra fin le ${dayFr(p.effectiveAt!)}.`
          : p.awaiting
            ? p.awaiting.length
              ? `Une résiliation d'un commun accord est demandée ; elle prend effet quand chaque partie l'a acceptée (attendus : ${p.awaiting.map((party) => (party === 'association' ? "l'association" : party)).join(', ')}).`
              : "Toutes les parties ont accepté la résiliation d'un commun accord : elle prend effet."
            : "Une résiliation d'un commun accord est proposée ; elle prend effet dès l'accord de l'autre partie.") + `\nMotif : ${p.reason}`,
    }),
    en: (p, title) => ({
      subject: `Termination ${p.mode === 'notice' ? 'notified' : 'requested'}: ${title}`,
      text:
        (p.mode === 'notice'
          ? `The agreement ends on ${dayEn(p.effectiveAt!)}.`
          : p.awaiting
            ? p.awaiting.length
              ? `A termination by mutual agreement is requested; it takes effect once every party has agreed (awaiting: ${p.awaiting.map((party) => (party === 'association' ? 'the association' : party)).join(', ')}).`
              : 'Every party has agreed to the termination by mutual agreement: it takes effect.'
            : 'A termination by mutual agreement is proposed; it takes effect when the other party agrees.') + `\nReason: ${p.reason}`,
    }),
  },
  AgreementTerminated: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Convention résiliée : ${title}`,
      text: `La convention ${nameFr(title)} a pris fin ; ce qui était dû a été ordonné.\nMotif : ${p.reason}`,
    }),
    en: (p, title) => ({
      subject: `Agreement terminated: ${title}`,
      text: `The agreement ${nameEn(title)} has ended; what was owed is ordered.\nReason: ${p.reason}`,
    }),
  },
  AgreementCompleted: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Convention achevée : ${title}`,
      text: `La convention ${nameFr(title)} est achevée : ${formatCentsFr(p.operatingPaidCents)} de fonctionnement et ${formatCentsFr(p.coordinationPaidCents)} de coordination versés.`,
    }),
    en: (p, title) => ({
      subject: `Agreement completed: ${title}`,
      text: `The agreement ${nameEn(title)} is completed: ${formatCentsEn(p.operatingPaidCents)} of operating costs and ${formatCentsEn(p.coordinationPaidCents)} of coordination paid.`,
    }),
  },
};

const notices = noticesOf(AGREEMENT_NOTICES);

/** Who hears of each anchoring-agreement event. */
export function agreementAudiences(event: AgreementEventBody, parties: AgreementParties): Audience[] {
  return notices.audiences(parties, event);
}

/** An anchoring-agreement event's words, in French or in English (before the link and French typography). */
export function agreementNotice(event: AgreementEventBody, title: string, language: 'fr' | 'en'): NoticeText {
  return notices.render(event, title, language);
}
