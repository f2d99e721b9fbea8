import { dayEn, dayFr } from '../dates';
import { countOf, NoticeText, Notices, noticesOf } from '../notices';
import { Audience } from '../roles';
import { CohortEventBody, IncubationEventBody } from './incubation.events';

/** The parties of an incubation (or of its cohort): the project's association, its mentor, the territory whose project lead steers it. */
export interface IncubationParties {
  associationId?: string;
  mentorAssociationId?: string;
  territoryId: string;
}

type IncubationStreamEventBody = CohortEventBody | IncubationEventBody;

const project = (p: IncubationParties): Audience[] => (p.associationId ? [{ kind: 'org', org: p.associationId }] : []);
const mentor = (p: IncubationParties): Audience[] => (p.mentorAssociationId ? [{ kind: 'org', org: p.mentorAssociationId }] : []);
const lead = (p: IncubationParties): Audience[] => [{ kind: 'territory_role', role: 'project_lead', territory: p.territoryId }];
const projectAndMentor = (p: IncubationParties): Audience[] => [...project(p), ...mentor(p)];
const everyone = (p: IncubationParties): Audience[] => [...project(p), ...mentor(p), ...lead(p)];

const MILESTONE_FR: Record<string, string> = { design: 'conception', launch: 'lancement', impact_review: "revue d'impact" };
const MILESTONE_EN: Record<string, string> = { design: 'design', launch: 'launch', impact_review: 'impact review' };
const SUPPORT_FR: Record<string, string> = {
  mentoring: 'parrainage',
  project_management: 'appui à la gestion de projet',
  funding_search: 'recherche de financements',
  impact_analysis: "analyse d'impact",
};
const milestoneFr = (name: string) => MILESTONE_FR[name] ?? name;
const milestoneEn = (name: string) => MILESTONE_EN[name] ?? name;

/**
 * Who hears of each cohort or incubation event and what they read, in French and in English
 * ("moins ici contrôler que faciliter"): one entry per event type (the compiler names one left out).
 * The sending activity adds the link.
 */
export const INCUBATION_NOTICES: Notices<IncubationStreamEventBody, IncubationParties, string> = {
  CohortOpened: {
    audiences: () => [],
    fr: (p, title) => ({
      subject: `Cohorte d'incubation ouverte : ${title}`,
      text: `La cohorte accueille ${p.capacity} projets ; propositions jusqu'au ${dayFr(p.nominationDeadline)}.`,
    }),
    en: (p, title) => ({
      subject: `Incubation cohort open: ${title}`,
      text: `The cohort takes ${p.capacity} projects; nominations until ${dayEn(p.nominationDeadline)}.`,
    }),
  },
  ProjectNominated: {
    audiences: (parties) => [...project(parties), ...lead(parties)],
    fr: (p, title) => ({
      subject: `Projet proposé à l'incubation : ${p.projectTitle}`,
      text: `Le projet « ${p.projectTitle} » (${p.associationId}) est proposé pour la cohorte ${title}.`,
    }),
    en: (p, title) => ({
      subject: `Project nominated for incubation: ${p.projectTitle}`,
      text: `The project "${p.projectTitle}" (${p.associationId}) is nominated for the cohort ${title}.`,
    }),
  },
  ProjectSelected: {
    audiences: project,
    fr: (p) => ({
      subject: `Projet retenu pour l'incubation : ${p.projectTitle}`,
      text: `Votre projet est retenu (${p.selected}/${p.capacity}).\nMotif : ${p.reason}`,
    }),
    en: (p) => ({
      subject: `Project selected for incubation: ${p.projectTitle}`,
      text: `Your project is selected (${p.selected}/${p.capacity}).\nReason: ${p.reason}`,
    }),
  },
  CohortClosed: {
    audiences: lead,
    fr: (p, title) => ({
      subject: `Cohorte close : ${title}`,
      text: `${countOf(p.selected, 'projet retenu', 'projets retenus')} sur ${countOf(p.nominations, 'proposé', 'proposés')}.`,
    }),
    en: (p, title) => ({
      subject: `Cohort closed: ${title}`,
      text: `${countOf(p.selected, 'project', 'projects')} selected out of ${p.nominations} nominated.`,
    }),
  },
  IncubationStarted: {
    audiences: project,
    fr: (_p, title) => ({
      subject: `Incubation commencée : ${title}`,
      text: `L'accompagnement de « ${title} » commence : un parrain associatif vous sera proposé, puis un plan d'appui.`,
    }),
    en: (_p, title) => ({
      subject: `Incubation started: ${title}`,
      text: `The accompaniment of "${title}" starts: a mentor association will be proposed, then a support plan.`,
    }),
  },
  MentorAssigned: {
    audiences: projectAndMentor,
    fr: (p, title) => ({ subject: `Parrain désigné : ${title}`, text: `L'association ${p.mentorAssociationId} accompagne le projet « ${title} ».` }),
    en: (p, title) => ({ subject: `Mentor assigned: ${title}`, text: `The association ${p.mentorAssociationId} mentors the project "${title}".` }),
  },
  SupportPlanSet: {
    audiences: projectAndMentor,
    fr: (p, title) => ({
      subject: `Plan d'appui : ${title}`,
      text:
        `Appuis : ${p.supports.map((s) => SUPPORT_FR[s] ?? s).join(', ')}.\nÉtapes :\n` +
        p.milestones.map((m) => `- ${milestoneFr(m.name)} : avant le ${dayFr(m.dueAt)}`).join('\n'),
    }),
    en: (p, title) => ({
      subject: `Support plan: ${title}`,
      text:
        `Support: ${p.supports.join(', ').replace(/_/g, ' ')}.\nMilestones:\n` +
        p.milestones.map((m) => `- ${milestoneEn(m.name)}: by ${dayEn(m.dueAt)}`).join('\n'),
    }),
  },
  CheckInReminderSent: {
    audiences: projectAndMentor,
    fr: (p, title) => ({ subject: `Point d'étape : ${title}`, text: `C'est le moment d'un point entre le projet et son parrain (point n° ${p.n}).` }),
    en: (p, title) => ({ subject: `Check-in: ${title}`, text: `Time for a check-in between the project and its mentor (check-in #${p.n}).` }),
  },
  MilestoneCompleted: {
    audiences: (parties) => [...mentor(parties), ...lead(parties)],
    fr: (p, title) => ({
      subject: `Étape franchie : ${title}`,
      text: `L'étape « ${milestoneFr(p.milestone)} » est franchie.` + (p.note ? `\n${p.note}` : ''),
    }),
    en: (p, title) => ({
      subject: `Milestone reached: ${title}`,
      text: `The ${milestoneEn(p.milestone)} milestone is reached.` + (p.note ? `\n${p.note}` : ''),
    }),
  },
  MilestoneOverdue: {
    audiences: everyone,
    fr: (p, title) => ({
      subject: `Étape en retard : ${title}`,
      text: `L'étape « ${milestoneFr(p.milestone)} » était prévue le ${dayFr(p.dueAt)}. Un point avec le parrain peut aider.`,
    }),
    en: (p, title) => ({
      subject: `Milestone overdue: ${title}`,
      text: `The ${milestoneEn(p.milestone)} milestone was due on ${dayEn(p.dueAt)}. A check-in with the mentor may help.`,
    }),
  },
  FundingLeadRecorded: {
    audiences: projectAndMentor,
    fr: (p, title) => ({ subject: `Piste de financement : ${title}`, text: p.description + (p.openedId ? `\nDemande ouverte : ${p.openedId}` : '') }),
    en: (p, title) => ({ subject: `Funding lead: ${title}`, text: p.description + (p.openedId ? `\nRequest opened: ${p.openedId}` : '') }),
  },
  ImpactReportSubmitted: {
    audiences: everyone,
    fr: (p, title) => ({ subject: `Bilan d'impact reçu : ${title}`, text: p.summary }),
    en: (p, title) => ({ subject: `Impact report received: ${title}`, text: p.summary }),
  },
  IncubationGraduated: {
    audiences: everyone,
    fr: (p, title) => ({ subject: `Projet diplômé : ${title}`, text: `L'incubation de « ${title} » s'achève.\nImpact : ${p.impactSummary}` }),
    en: (p, title) => ({ subject: `Project graduated: ${title}`, text: `The incubation of "${title}" ends.\nImpact: ${p.impactSummary}` }),
  },
  IncubationWithdrawn: {
    audiences: everyone,
    fr: (p, title) => ({ subject: `Incubation arrêtée : ${title}`, text: `L'incubation de « ${title} » s'arrête.\nMotif : ${p.reason}` }),
    en: (p, title) => ({ subject: `Incubation stopped: ${title}`, text: `The incubation of "${title}" stops.\nReason: ${p.reason}` }),
  },
};

const notices = noticesOf(INCUBATION_NOTICES);

/** Who hears of each incubation event: the project's association, its mentor, the territory's project lead. */
export function incubationAudiences(event: IncubationStreamEventBody, parties: IncubationParties): Audience[] {
  return notices.audiences(parties, event);
}

/** A cohort or incubation event's words, in French or in English (before the link and French typography). */
export function incubationNotice(event: IncubationStreamEventBody, title: string, language: 'fr' | 'en'): NoticeText {
  return notices.render(event, title, language);
}
