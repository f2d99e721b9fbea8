import { dayEn as dateEn, dayFr as dateFr } from '../dates';
import type { Audience } from '../roles';
import type { TaskForceEventBody, TaskForceEventType } from './task-force.events';
import type { TaskForceState } from './task-force.state';

export interface TaskForceText {
  subject: string;
  text: string;
}

type Payload<T extends TaskForceEventType> = Extract<TaskForceEventBody, { type: T }>['payload'];

/** What a text may say of the task force, besides its event. */
export interface TaskForceTextContext {
  state: TaskForceState;
  /** The task force's page. */
  link: string;
}

interface Notice<T extends TaskForceEventType> {
  /** Who hears of it (nobody: the page shows it). */
  audiences(state: TaskForceState, payload: Payload<T>): Audience[];
  fr(payload: Payload<T>, ctx: TaskForceTextContext): TaskForceText;
  en(payload: Payload<T>, ctx: TaskForceTextContext): TaskForceText;
}

const projectLead = (s: TaskForceState): Audience => ({ kind: 'territory_role', role: 'project_lead', territory: s.territoryId });
const delegate = (s: TaskForceState): Audience => ({ kind: 'territory_role', role: 'prefect_delegate', territory: s.territoryId });
const orgsOf = (s: TaskForceState, keep: (status: string) => boolean): Audience[] =>
  s.members.filter((m) => m.organisationId && keep(m.status)).map((m) => ({ kind: 'org', org: m.organisationId! }));
const acceptedOrgs = (s: TaskForceState) => orgsOf(s, (status) => status === 'accepted');
const nameOf = (s: TaskForceState, memberId: string) => s.members.find((m) => m.memberId === memberId)?.name ?? memberId;

const months = (n: number, en = false) => (en ? `${n} month${n > 1 ? 's' : ''}` : `${n} mois`);

/**
 * Who hears of each task force event and what they read, in French and in English: one entry per
 * event type (the compiler names one left out).
 */
export const TASK_FORCE_NOTICES: { [T in TaskForceEventType]: Notice<T> } = {
  TaskForceProposed: {
    audiences: (s) => [...orgsOf(s, (status) => status === 'invited'), delegate(s)],
    fr: (p) => ({
      subject: `Task force proposée : ${p.title}`,
      text:
        `Une task force de ${months(p.durationMonths)} est proposée pour le quartier ${p.qpv} : ${p.problem}\n` +
        `${p.members.length} membres, pilote compris. Si vous y êtes invité, acceptez ou déclinez l'invitation.`,
    }),
    en: (p) => ({
      subject: `Task force proposed: ${p.title}`,
      text: `A ${months(p.durationMonths, true)} task force is proposed for the ${p.qpv} neighbourhood: ${p.problem}\n${p.members.length} members, the pilot included. If you are invited, accept or decline.`,
    }),
  },
  TaskForceMemberInvited: {
    audiences: (_s, p) => (p.member.organisationId ? [{ kind: 'org', org: p.member.organisationId }] : []),
    fr: (p, { state }) => ({
      subject: `Invitation à la task force : ${state.title}`,
      text: `La task force « ${state.title} » (${state.qpv}) invite ${p.member.name} à la rejoindre.\nSon objet : ${state.problem}`,
    }),
    en: (p, { state }) => ({
      subject: `Invitation to the task force: ${state.title}`,
      text: `The task force "${state.title}" (${state.qpv}) invites ${p.member.name} to join it.\nIts aim: ${state.problem}`,
    }),
  },
  TaskForceInvitationAccepted: {
    audiences: (s) => [projectLead(s)],
    fr: (p, { state }) => ({ subject: `Invitation acceptée : ${state.title}`, text: `Nouveau membre de la task force : ${nameOf(state, p.memberId)}.` }),
    en: (p, { state }) => ({ subject: `Invitation accepted: ${state.title}`, text: `${nameOf(state, p.memberId)} joins the task force.` }),
  },
  TaskForceInvitationDeclined: {
    audiences: (s) => [projectLead(s)],
    fr: (p, { state }) => ({
      subject: `Invitation déclinée : ${state.title}`,
      text: `Invitation déclinée par ${nameOf(state, p.memberId)}.\nMotif : ${p.reason}\nUn autre membre peut être invité à sa place.`,
    }),
    en: (p, { state }) => ({
      subject: `Invitation declined: ${state.title}`,
      text: `${nameOf(state, p.memberId)} declines the invitation.\nReason: ${p.reason}\nAnother member may be invited instead.`,
    }),
  },
  TaskForceInvitationReminderSent: {
    audiences: (s, p) => s.members.filter((m) => p.memberIds.includes(m.memberId) && m.organisationId).map((m) => ({ kind: 'org', org: m.organisationId! })),
    fr: (_p, { state }) => ({ subject: `Rappel : invitation à la task force ${state.title}`, text: `Votre réponse à l'invitation est attendue.` }),
    en: (_p, { state }) => ({ subject: `Reminder: invitation to the task force ${state.title}`, text: `Your answer to the invitation is awaited.` }),
  },
  TaskForceKickedOff: {
    audiences: (s) => [...acceptedOrgs(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Task force lancée : ${state.title}`,
      text: `Réunion de lancement du ${dateFr(p.heldOn)} : ${p.summary}\nPoints mensuels ; bilan à mi-parcours le ${dateFr(p.midTermDueAt)} ; fin et rapport final le ${dateFr(p.endsAt)}.`,
    }),
    en: (p, { state }) => ({
      subject: `Task force kicked off: ${state.title}`,
      text: `Kick-off meeting of ${dateEn(p.heldOn)}: ${p.summary}\nMonthly check-ins; mid-term review on ${dateEn(p.midTermDueAt)}; end and final report on ${dateEn(p.endsAt)}.`,
    }),
  },
  TaskForceActionLogged: {
    audiences: () => [],
    fr: (p, { state }) => ({ subject: `Action consignée : ${state.title}`, text: p.text }),
    en: (p, { state }) => ({ subject: `Action logged: ${state.title}`, text: p.text }),
  },
  TaskForceCheckInReminderSent: {
    audiences: (s) => [...acceptedOrgs(s), projectLead(s)],
    fr: (p, { state }) => ({
      subject: `Point mensuel n° ${p.n} le ${dateFr(p.dueAt)} : ${state.title}`,
      text: `Le point mensuel n° ${p.n} de la task force a lieu le ${dateFr(p.dueAt)}.`,
    }),
    en: (p, { state }) => ({
      subject: `Monthly check-in no. ${p.n} on ${dateEn(p.dueAt)}: ${state.title}`,
      text: `The task force's monthly check-in no. ${p.n} is on ${dateEn(p.dueAt)}.`,
    }),
  },
  TaskForceCheckInHeld: {
    audiences: (s) => acceptedOrgs(s),
    fr: (p, { state }) => ({ subject: `Point mensuel n° ${p.n} tenu : ${state.title}`, text: p.summary }),
    en: (p, { state }) => ({ subject: `Monthly check-in no. ${p.n} held: ${state.title}`, text: p.summary }),
  },
  TaskForceCheckInMissed: {
    audiences: (s) => [projectLead(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Point mensuel n° ${p.n} non tenu : ${state.title}`,
      text: `Le point prévu le ${dateFr(p.dueAt)} n'a pas été consigné.`,
    }),
    en: (p, { state }) => ({ subject: `Monthly check-in no. ${p.n} missed: ${state.title}`, text: `The check-in due on ${dateEn(p.dueAt)} was not recorded.` }),
  },
  TaskForceMidTermReviewReminderSent: {
    audiences: (s) => [projectLead(s)],
    fr: (p, { state }) => ({
      subject: `Bilan à mi-parcours attendu le ${dateFr(p.dueAt)} : ${state.title}`,
      text: `Le bilan à mi-parcours de la task force est attendu le ${dateFr(p.dueAt)}.`,
    }),
    en: (p, { state }) => ({
      subject: `Mid-term review due on ${dateEn(p.dueAt)}: ${state.title}`,
      text: `The task force's mid-term review is due on ${dateEn(p.dueAt)}.`,
    }),
  },
  TaskForceMidTermReviewSubmitted: {
    audiences: (s) => [...acceptedOrgs(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Bilan à mi-parcours : ${state.title}`,
      text: `${p.assessment}${p.adjustments ? `\nAjustements : ${p.adjustments}` : ''}`,
    }),
    en: (p, { state }) => ({ subject: `Mid-term review: ${state.title}`, text: `${p.assessment}${p.adjustments ? `\nAdjustments: ${p.adjustments}` : ''}` }),
  },
  TaskForceExtended: {
    audiences: (s) => [...acceptedOrgs(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Task force prolongée de ${months(p.months)} : ${state.title}`,
      text: `Nouvelle fin le ${dateFr(p.endsAt)}.\nMotif : ${p.reason}`,
    }),
    en: (p, { state }) => ({
      subject: `Task force extended by ${months(p.months, true)}: ${state.title}`,
      text: `New end on ${dateEn(p.endsAt)}.\nReason: ${p.reason}`,
    }),
  },
  TaskForceEndReminderSent: {
    audiences: (s) => [projectLead(s)],
    fr: (p, { state }) => ({
      subject: `Fin de la task force le ${dateFr(p.endsAt)} : ${state.title}`,
      text: `La task force s'achève le ${dateFr(p.endsAt)} : son rapport final (ce qui a été coordonné, ce qui passe à l'échelle) est attendu${state.extension ? '' : ' ; une prolongation de trois mois au plus est possible une fois, motivée'}.`,
    }),
    en: (p, { state }) => ({
      subject: `Task force ends on ${dateEn(p.endsAt)}: ${state.title}`,
      text: `The task force ends on ${dateEn(p.endsAt)}: its final report (what was coordinated, what scales up) is due${state.extension ? '' : '; one extension of up to three months, with its reason, is possible'}.`,
    }),
  },
  TaskForceFinalReportDue: {
    audiences: (s) => [projectLead(s)],
    fr: (_p, { state }) => ({ subject: `Rapport final attendu : ${state.title}`, text: `La task force est arrivée à son terme : rédigez son rapport final.` }),
    en: (_p, { state }) => ({ subject: `Final report due: ${state.title}`, text: `The task force has reached its end: write its final report.` }),
  },
  TaskForceFinalReportOverdue: {
    audiences: (s) => [projectLead(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Rapport final en retard : ${state.title}`,
      text: `La task force s'est achevée le ${dateFr(p.endsAt)} et son rapport final n'est pas arrivé.`,
    }),
    en: (p, { state }) => ({
      subject: `Final report overdue: ${state.title}`,
      text: `The task force ended on ${dateEn(p.endsAt)} and its final report has not come in.`,
    }),
  },
  TaskForceFinalReportSubmitted: {
    audiences: (s) => [...acceptedOrgs(s), delegate(s)],
    fr: (p, { state }) => ({
      subject: `Task force close : ${state.title}`,
      text: `Ce qui a été coordonné : ${p.coordinated}\nCe qui passe à l'échelle : ${p.scaleUp}`,
    }),
    en: (p, { state }) => ({ subject: `Task force closed: ${state.title}`, text: `What was coordinated: ${p.coordinated}\nWhat scales up: ${p.scaleUp}` }),
  },
  TaskForceCancelled: {
    audiences: (s) => [...orgsOf(s, (status) => status !== 'declined'), delegate(s)],
    fr: (p, { state }) => ({ subject: `Task force arrêtée : ${state.title}`, text: `Motif : ${p.reason}` }),
    en: (p, { state }) => ({ subject: `Task force stopped: ${state.title}`, text: `Reason: ${p.reason}` }),
  },
};

function notice<T extends TaskForceEventType>(type: T): Notice<T> {
  return TASK_FORCE_NOTICES[type] as Notice<T>;
}

/** Who hears of this event, given the task force as it stands once the event is recorded. */
export function taskForceAudiences(state: TaskForceState, event: TaskForceEventBody): Audience[] {
  return notice(event.type).audiences(state, event.payload as never);
}

export function renderTaskForceNotice(event: TaskForceEventBody, ctx: TaskForceTextContext, language: 'fr' | 'en'): TaskForceText {
  const n = notice(event.type);
  return language === 'en' ? n.en(event.payload as never, ctx) : n.fr(event.payload as never, ctx);
}
