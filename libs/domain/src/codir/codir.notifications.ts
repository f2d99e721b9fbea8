import { dayEn, dayFr } from '../dates';
import type { Audience } from '../roles';
import { NoticeText, Notices, noticesOf } from '../notices';
import type { CodirEventBody } from './codir.events';
import type { CodirState } from './codir.state';

export type CodirText = NoticeText;

const lead = (s: CodirState): Audience => ({ kind: 'territory_role', role: 'project_lead', territory: s.territoryId });
const binome = (s: CodirState): Audience[] => [lead(s), { kind: 'territory_role', role: 'prefect_delegate', territory: s.territoryId }];
const names = (s: CodirState, ids: readonly string[]) => ids.map((id) => s.directions.find((d) => d.directionId === id)?.name ?? id).join(', ');
const direction = (s: CodirState, id: string) => names(s, [id]);
const commitment = (s: CodirState, id: string) => s.commitments.find((c) => c.commitmentId === id);
/** "1 direction invitée", "3 directions invitées": the number and its noun agree. */
const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** Who hears of each event of a CODIR QPV and what they read, in French and in English. */
export const CODIR_NOTICES: Notices<CodirEventBody, CodirState> = {
  CodirOpened: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `CODIR QPV ${p.year} ouvert`,
      text: `Réunion le ${dayFr(p.meetingAt)}. ${count(s.directions.length, 'direction invitée', 'directions invitées')} à dire, avant le ${dayFr(p.statementsDueAt)}, comment leurs politiques s'appliquent dans les quartiers prioritaires.${p.bySchedule ? ' Ouvert par le calendrier annuel.' : ''}`,
    }),
    en: (p, s) => ({
      subject: `${p.year} CODIR QPV opened`,
      text: `Meeting on ${dayEn(p.meetingAt)}. ${count(s.directions.length, 'direction invited', 'directions invited')} to state, by ${dayEn(p.statementsDueAt)}, how their policies apply in the priority neighbourhoods.${p.bySchedule ? ' Opened by the yearly schedule.' : ''}`,
    }),
  },
  CodirDirectionInvited: {
    audiences: (s) => [lead(s)],
    fr: (p) => ({ subject: `CODIR QPV : ${p.direction.name} invitée`, text: `Contact : ${p.direction.contact}.` }),
    en: (p) => ({ subject: `CODIR QPV: ${p.direction.name} invited`, text: `Contact: ${p.direction.contact}.` }),
  },
  CodirStatementReminderSent: {
    audiences: (s) => [lead(s)],
    fr: (p, s) => ({
      subject: 'CODIR QPV : contributions attendues',
      text: `Sans contribution à ce jour : ${names(s, p.directionIds)}. À relancer avant le ${dayFr(p.dueAt)}.`,
    }),
    en: (p, s) => ({
      subject: 'CODIR QPV: statements awaited',
      text: `No statement yet from: ${names(s, p.directionIds)}. To chase before ${dayEn(p.dueAt)}.`,
    }),
  },
  CodirStatementRecorded: {
    audiences: (s) => [lead(s)],
    fr: (p, s) => ({ subject: `CODIR QPV : contribution reçue — ${direction(s, p.directionId)}`, text: p.text }),
    en: (p, s) => ({ subject: `CODIR QPV: statement of ${direction(s, p.directionId)}`, text: p.text }),
  },
  CodirStatementsClosed: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: 'CODIR QPV : contributions closes',
      text: p.missing.length
        ? `Sans contribution : ${names(s, p.missing)}. Réunion le ${dayFr(s.meetingAt)}.`
        : `Toutes les directions ont contribué. Réunion le ${dayFr(s.meetingAt)}.`,
    }),
    en: (p, s) => ({
      subject: 'CODIR QPV: statements closed',
      text: p.missing.length
        ? `No statement from: ${names(s, p.missing)}. Meeting on ${dayEn(s.meetingAt)}.`
        : `Every direction has stated. Meeting on ${dayEn(s.meetingAt)}.`,
    }),
  },
  CodirResourceAnswered: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `CODIR QPV : réponse de l'équipe — ${direction(s, p.directionId)}`,
      text: `${p.text}\nRelais locaux : ${p.relays.length}. Cofinancements mobilisables : ${p.coFunding.length}.`,
    }),
    en: (p, s) => ({
      subject: `CODIR QPV: answer to ${direction(s, p.directionId)}`,
      text: `${p.text}\nLocal relays: ${p.relays.length}. Co-funding that could be mobilised: ${p.coFunding.length}.`,
    }),
  },
  CodirMeetingHeld: {
    audiences: (s) => binome(s),
    fr: (p) => ({
      subject: `CODIR QPV tenu le ${dayFr(p.heldOn)}`,
      text: `${count(p.commitments.length, 'engagement des directions, suivi', 'engagements des directions, suivis')} jusqu'au ${dayFr(p.followUpUntil)}.`,
    }),
    en: (p) => ({
      subject: `CODIR QPV held on ${dayEn(p.heldOn)}`,
      text: `${count(p.commitments.length, 'commitment by the directions', 'commitments by the directions')}, followed until ${dayEn(p.followUpUntil)}.`,
    }),
  },
  CodirCommitmentReminderSent: {
    audiences: (s) => [lead(s)],
    fr: (p, s) => ({
      subject: `CODIR QPV : engagement à échéance le ${dayFr(p.dueAt)}`,
      text: `${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')} : ${commitment(s, p.commitmentId)?.text ?? ''}`,
    }),
    en: (p, s) => ({
      subject: `CODIR QPV: commitment due on ${dayEn(p.dueAt)}`,
      text: `${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')}: ${commitment(s, p.commitmentId)?.text ?? ''}`,
    }),
  },
  CodirCommitmentDone: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `CODIR QPV : engagement tenu — ${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')}`,
      text: `${commitment(s, p.commitmentId)?.text ?? ''}\n${p.note}`,
    }),
    en: (p, s) => ({
      subject: `CODIR QPV: commitment kept by ${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')}`,
      text: `${commitment(s, p.commitmentId)?.text ?? ''}\n${p.note}`,
    }),
  },
  CodirCommitmentOverdue: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `CODIR QPV : engagement en retard (${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')})`,
      text: `${commitment(s, p.commitmentId)?.text ?? ''}\nÉchéance : ${dayFr(p.dueAt)}.`,
    }),
    en: (p, s) => ({
      subject: `CODIR QPV: commitment overdue (${direction(s, commitment(s, p.commitmentId)?.directionId ?? '')})`,
      text: `${commitment(s, p.commitmentId)?.text ?? ''}\nDue: ${dayEn(p.dueAt)}.`,
    }),
  },
  CodirClosed: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `CODIR QPV ${s.year} clos`,
      text: `${count(p.done, 'engagement tenu', 'engagements tenus')}, ${count(p.overdue, 'non tenu', 'non tenus')} : à reprendre au CODIR suivant.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} CODIR QPV closed`,
      text: `${count(p.done, 'commitment kept', 'commitments kept')}, ${p.overdue} not kept: to take up at the next CODIR.`,
    }),
  },
};

const notices = noticesOf(CODIR_NOTICES);

export const codirAudiences = notices.audiences;

export const renderCodirNotice = notices.render;
