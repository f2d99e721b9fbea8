import { ORIENTATION_LABELS } from '../contribution/contribution.notifications';
import { dayEn, dayFr } from '../dates';
import type { Audience } from '../roles';
import { NoticeText, Notices, noticesOf } from '../notices';
import type { ReferralEventBody } from './referral.events';
import type { ReferralState } from './referral.state';

export type ReferralText = NoticeText;

const association = (s: ReferralState): Audience => ({ kind: 'org', org: s.need.associationId });
const binome = (s: ReferralState): Audience[] => [
  { kind: 'territory_role', role: 'project_lead', territory: s.need.territoryId },
  { kind: 'territory_role', role: 'prefect_delegate', territory: s.need.territoryId },
];
const signatory = (org: string): Audience => ({ kind: 'org', org });
const topic = (s: ReferralState, en = false) =>
  en ? `${ORIENTATION_LABELS[s.need.orientation].en}: ${s.need.description}` : `${ORIENTATION_LABELS[s.need.orientation].fr} : ${s.need.description}`;

/** Who hears of each event of a routed need and what they read, in French and in English. */
export const REFERRAL_NOTICES: Notices<ReferralEventBody, ReferralState> = {
  ReferralSubmitted: {
    audiences: (s) => binome(s),
    fr: (_p, s) => ({ subject: `Besoin d'une association à orienter : ${s.need.associationId}`, text: `${topic(s)}\nÀ orienter vers un signataire.` }),
    en: (_p, s) => ({ subject: `An association's need to route: ${s.need.associationId}`, text: `${topic(s, true)}\nTo route to a signatory.` }),
  },
  ReferralRouted: {
    audiences: (s, p) => [signatory(p.signatoryId), association(s)],
    fr: (p, s) => ({
      subject: `Besoin orienté vers ${p.signatoryId}`,
      text: `${topic(s)}\nContact : ${p.contactName}. Réponse attendue avant le ${dayFr(p.answerBy)} : un appui proposé, ou un refus motivé.`,
    }),
    en: (p, s) => ({
      subject: `Need routed to ${p.signatoryId}`,
      text: `${topic(s, true)}\nContact: ${p.contactName}. Answer expected by ${dayEn(p.answerBy)}: support offered, or declined with a reason.`,
    }),
  },
  ReferralReminderSent: {
    audiences: (_s, p) => [signatory(p.signatoryId)],
    fr: (p, s) => ({ subject: `Rappel : un besoin attend votre réponse`, text: `${topic(s)}\nRéponse attendue avant le ${dayFr(p.answerBy)}.` }),
    en: (p, s) => ({ subject: `Reminder: a need awaits your answer`, text: `${topic(s, true)}\nAnswer expected by ${dayEn(p.answerBy)}.` }),
  },
  ReferralEscalated: {
    audiences: (s) => [...binome(s), association(s)],
    fr: (p, s) => ({
      subject: `Besoin sans réponse de ${p.signatoryId}`,
      text: `${topic(s)}\nAucune réponse avant le ${dayFr(p.answerBy)} : le binôme l'oriente à nouveau.`,
    }),
    en: (p, s) => ({
      subject: `Need unanswered by ${p.signatoryId}`,
      text: `${topic(s, true)}\nNo answer by ${dayEn(p.answerBy)}: the binôme routes it again.`,
    }),
  },
  ReferralSupported: {
    audiences: (s) => [association(s), ...binome(s)],
    fr: (p, s) => ({ subject: `Appui proposé par ${p.signatoryId}`, text: `${topic(s)}\nAppui : ${p.support}` }),
    en: (p, s) => ({ subject: `Support offered by ${p.signatoryId}`, text: `${topic(s, true)}\nSupport: ${p.support}` }),
  },
  ReferralDeclined: {
    audiences: (s) => [association(s), ...binome(s)],
    fr: (p, s) => ({
      subject: `Appui décliné par ${p.signatoryId}`,
      text: `${topic(s)}\nMotif : ${p.reason}\nLe binôme peut l'orienter vers un autre signataire.`,
    }),
    en: (p, s) => ({
      subject: `Support declined by ${p.signatoryId}`,
      text: `${topic(s, true)}\nReason: ${p.reason}\nThe binôme may route it to another signatory.`,
    }),
  },
  ReferralWithdrawn: {
    audiences: (s) => [...binome(s), ...(s.routings.at(-1) && !s.routings.at(-1)!.outcome ? [signatory(s.routings.at(-1)!.signatoryId)] : [])],
    fr: (p, s) => ({ subject: `Besoin retiré par ${s.need.associationId}`, text: `${topic(s)}\nMotif : ${p.reason}` }),
    en: (p, s) => ({ subject: `Need withdrawn by ${s.need.associationId}`, text: `${topic(s, true)}\nReason: ${p.reason}` }),
  },
};

const notices = noticesOf(REFERRAL_NOTICES);

export const referralAudiences = notices.audiences;

export const renderReferralNotice = notices.render;
