import { dayEn, dayFr } from '../dates';
import { Cents, formatCentsEn, formatCentsFr } from '../money';
import { Audience } from '../roles';
import type { NoticeText } from '../notices';
import { MicroGrantEventBody } from './micro-grant.events';

/** The parties of a micro-grant: the requesting association and the binôme of its territory. */
export interface MicroGrantParties {
  associationId: string;
  territoryId: string;
  /** Whose money the binôme's envelope is: it hears of the payment orders. */
  funderId?: string;
}

/** What a micro-grant's texts name besides the event. */
export interface MicroGrantFacts {
  title: string;
  amountCents: Cents;
}

type MicroGrantEventType = MicroGrantEventBody['type'];
type Payload<T extends MicroGrantEventType> = Extract<MicroGrantEventBody, { type: T }>['payload'];

interface MicroGrantNotice<T extends MicroGrantEventType> {
  /** Who hears of it (nobody: the request is answered at once). */
  audiences(parties: MicroGrantParties): Audience[];
  fr(payload: Payload<T>, grant: MicroGrantFacts): NoticeText;
  en(payload: Payload<T>, grant: MicroGrantFacts): NoticeText;
}

const association = (p: MicroGrantParties): Audience[] => [{ kind: 'org', org: p.associationId }];
const binome = (p: MicroGrantParties): Audience[] => [
  { kind: 'territory_role', role: 'project_lead', territory: p.territoryId },
  { kind: 'territory_role', role: 'prefect_delegate', territory: p.territoryId },
];
const everyone = (p: MicroGrantParties): Audience[] => [...association(p), ...binome(p)];

const nameFr = (g: MicroGrantFacts) => `« ${g.title} » (${formatCentsFr(g.amountCents)})`;
const nameEn = (g: MicroGrantFacts) => `"${g.title}" (${formatCentsEn(g.amountCents)})`;
const ROLE_FR: Record<string, string> = {
  project_lead: 'La cheffe ou le chef de projet DSU',
  prefect_delegate: 'La déléguée ou le délégué du Préfet',
};
const ROLE_EN: Record<string, string> = { project_lead: 'The project lead', prefect_delegate: "The prefect's delegate" };

/**
 * Who hears of each micro-grant event and what they read, in French and in English: one entry per
 * event type (the compiler names one left out). The sending activity adds the file's link.
 */
export const MICRO_GRANT_NOTICES: { [T in MicroGrantEventType]: MicroGrantNotice<T> } = {
  MicroGrantRequested: {
    audiences: () => [],
    fr: (_p, g) => ({ subject: `Demande de micro-subvention reçue : ${g.title}`, text: `La demande ${nameFr(g)} a été reçue.` }),
    en: (_p, g) => ({ subject: `Micro-grant request received: ${g.title}`, text: `The request ${nameEn(g)} was received.` }),
  },
  MicroGrantEscalated: {
    audiences: everyone,
    fr: (p, g) => ({
      subject: `Demande orientée vers l'instruction classique : ${g.title}`,
      text: `La demande ${nameFr(g)} ne peut pas être décidée par le binôme seul et suit l'instruction classique.\nMotif : ${p.reason}`,
    }),
    en: (p, g) => ({
      subject: `Request sent to standard instruction: ${g.title}`,
      text: `The binôme cannot decide ${nameEn(g)} alone; it follows the standard instruction.\nReason: ${p.reason}`,
    }),
  },
  MicroGrantFundsReserved: {
    audiences: everyone,
    fr: (p, g) => ({
      subject: `Décision attendue du binôme : ${g.title}`,
      text:
        `Le montant de la demande ${nameFr(g)} est réservé sur l'enveloppe du binôme.\n` +
        `Les deux membres du binôme doivent se prononcer avant le ${dayFr(p.decisionDeadlineAt)}.`,
    }),
    en: (p, g) => ({
      subject: `Decision expected from the binôme: ${g.title}`,
      text: `${nameEn(g)} is reserved in the binôme's envelope. Both members decide before ${dayEn(p.decisionDeadlineAt)}.`,
    }),
  },
  MicroGrantDecisionRecorded: {
    audiences: everyone,
    fr: (p, g) => ({
      subject: `Avis enregistré : ${g.title}`,
      text:
        `${ROLE_FR[p.role] ?? p.role} a ${p.decision === 'approve' ? 'donné un avis favorable à' : 'refusé'} la demande ${nameFr(g)}.` +
        (p.reason ? `\nMotif : ${p.reason}` : ''),
    }),
    en: (p, g) => ({
      subject: `Decision recorded: ${g.title}`,
      text: `${ROLE_EN[p.role] ?? p.role} ${p.decision === 'approve' ? 'approved' : 'rejected'} ${nameEn(g)}.` + (p.reason ? `\nReason: ${p.reason}` : ''),
    }),
  },
  MicroGrantApproved: {
    audiences: everyone,
    fr: (_p, g) => ({ subject: `Micro-subvention accordée : ${g.title}`, text: `Le binôme a accordé la demande ${nameFr(g)}. L'ordre de paiement suit.` }),
    en: (_p, g) => ({ subject: `Micro-grant approved: ${g.title}`, text: `The binôme approved ${nameEn(g)}. The payment order follows.` }),
  },
  MicroGrantRejected: {
    audiences: everyone,
    fr: (p, g) => ({ subject: `Micro-subvention refusée : ${g.title}`, text: `La demande ${nameFr(g)} est refusée.\nMotif : ${p.reason}` }),
    en: (p, g) => ({ subject: `Micro-grant rejected: ${g.title}`, text: `${nameEn(g)} is rejected.\nReason: ${p.reason}` }),
  },
  MicroGrantExpired: {
    audiences: everyone,
    fr: (p, g) => ({
      subject: `Demande expirée : ${g.title}`,
      text:
        `Le binôme ne s'est pas prononcé sur la demande ${nameFr(g)} avant le ${dayFr(p.decisionDeadlineAt)} : ` +
        `la demande est close et le montant réservé est libéré.`,
    }),
    en: (p, g) => ({
      subject: `Request expired: ${g.title}`,
      text: `No decision on ${nameEn(g)} by ${dayEn(p.decisionDeadlineAt)}: the request is closed and the reservation released.`,
    }),
  },
  PaymentOrdered: {
    audiences: (parties) => (parties.funderId ? [...association(parties), { kind: 'org', org: parties.funderId }] : association(parties)),
    fr: (p, g) => ({
      subject: `Paiement ordonné : ${g.title}`,
      text:
        `Le paiement de ${formatCentsFr(p.amountCents)} est ordonné (ordre ${p.paymentOrderId}).\n` +
        `Un court bilan est attendu avant le ${dayFr(p.reportDueAt)}.`,
    }),
    en: (p, g) => ({
      subject: `Payment ordered: ${g.title}`,
      text: `${formatCentsEn(p.amountCents)} is ordered (order ${p.paymentOrderId}).\nA short report is due by ${dayEn(p.reportDueAt)}.`,
    }),
  },
  ReportReminderSent: {
    audiences: association,
    fr: (p, g) => ({
      subject: `Rappel : bilan attendu pour ${g.title}`,
      text: `Le bilan de la micro-subvention ${nameFr(g)} est attendu avant le ${dayFr(p.reportDueAt)}.`,
    }),
    en: (p, g) => ({ subject: `Reminder: report due for ${g.title}`, text: `The report on ${nameEn(g)} is due by ${dayEn(p.reportDueAt)}.` }),
  },
  ReportOverdue: {
    audiences: everyone,
    fr: (p, g) => ({
      subject: `Bilan en retard : ${g.title}`,
      text: `Le bilan de la micro-subvention ${nameFr(g)} était attendu le ${dayFr(p.reportDueAt)} et n'a pas été reçu.`,
    }),
    en: (p, g) => ({ subject: `Report overdue: ${g.title}`, text: `The report on ${nameEn(g)} was due on ${dayEn(p.reportDueAt)} and has not arrived.` }),
  },
  ReportSubmitted: {
    audiences: binome,
    fr: (_p, g) => ({ subject: `Bilan reçu : ${g.title}`, text: `Le bilan de la micro-subvention ${nameFr(g)} a été déposé. Le dossier est clos.` }),
    en: (_p, g) => ({ subject: `Report received: ${g.title}`, text: `The report on ${nameEn(g)} was submitted. The file is closed.` }),
  },
};

function noticeOf<T extends MicroGrantEventType>(type: T): MicroGrantNotice<T> {
  return MICRO_GRANT_NOTICES[type] as MicroGrantNotice<T>;
}

/** Who hears of each micro-grant event. Events absent here notify nobody. */
export function microGrantAudiences(type: MicroGrantEventType, parties: MicroGrantParties): Audience[] {
  return noticeOf(type).audiences(parties);
}

/** A micro-grant event's words, in French or in English (before the link and French typography). */
export function microGrantNotice(event: MicroGrantEventBody, grant: MicroGrantFacts, language: 'fr' | 'en'): NoticeText {
  const notice = noticeOf(event.type) as MicroGrantNotice<MicroGrantEventType>;
  return notice[language](event.payload as never, grant);
}
