import { dayEn, dayFr } from '../dates';
import { NoticeText, Notices, noticesOf } from '../notices';
import type { Audience, BinomeRole } from '../roles';
import type { MissionSheetEventBody } from './mission-sheet.events';
import type { MissionSheetState } from './mission-sheet.state';

export type MissionSheetText = NoticeText;

const member = (s: MissionSheetState, role: BinomeRole): Audience => ({ kind: 'territory_role', role, territory: s.territoryId });
const binome = (s: MissionSheetState): Audience[] => [member(s, 'project_lead'), member(s, 'prefect_delegate')];
const other = (role: BinomeRole): BinomeRole => (role === 'project_lead' ? 'prefect_delegate' : 'project_lead');
const WHO_FR: Record<BinomeRole, string> = { project_lead: 'la cheffe ou le chef de projet', prefect_delegate: 'la déléguée ou le délégué du préfet' };
const WHO_EN: Record<BinomeRole, string> = { project_lead: 'the project lead', prefect_delegate: 'the prefect delegate' };

/** Who hears of each event of a mission sheet and what they read, in French and in English. */
export const MISSION_SHEET_NOTICES: Notices<MissionSheetEventBody, MissionSheetState> = {
  MissionSheetOpened: {
    audiences: (s) => binome(s),
    fr: (p) => ({
      subject: `Feuille de mission ${p.year} à rédiger`,
      text: `Le bilan d'activité ${p.figures.year} est prérempli à partir des données de la plateforme. À compléter (priorités, répartition du travail, complémentarité), puis à signer par chacun avant le Copil du ${dayFr(p.copilAt)}.`,
    }),
    en: (p) => ({
      subject: `${p.year} mission sheet to write`,
      text: `The ${p.figures.year} activity report is drafted from the platform's data. To complete (priorities, split of work, complementarity), then to sign by each of you before the Copil of ${dayEn(p.copilAt)}.`,
    }),
  },
  MissionSheetRevised: {
    audiences: (s, p) => [member(s, other(p.side))],
    fr: (p, s) => ({
      subject: `Feuille de mission ${s.year} : version ${p.version} à relire`,
      text: `Une nouvelle version mise sur la table par ${WHO_FR[p.side]} : à relire et signer.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} mission sheet: version ${p.version} to read`,
      text: `A new version put on the table by ${WHO_EN[p.side]}: to read and sign.`,
    }),
  },
  MissionSheetSigned: {
    audiences: (s, p) => [member(s, other(p.side))],
    fr: (p, s) => ({ subject: `Feuille de mission ${s.year} signée par ${WHO_FR[p.side]}`, text: `Version ${p.version}. Copil le ${dayFr(s.copilAt)}.` }),
    en: (p, s) => ({ subject: `${s.year} mission sheet signed by ${WHO_EN[p.side]}`, text: `Version ${p.version}. Copil on ${dayEn(s.copilAt)}.` }),
  },
  MissionSheetReminderSent: {
    audiences: (s, p) => p.awaiting.map((role) => member(s, role)),
    fr: (p, s) => ({
      subject: `Rappel : feuille de mission ${s.year} à signer`,
      text: `Le Copil du ${dayFr(p.copilAt)} doit l'adopter : votre signature est attendue.`,
    }),
    en: (p, s) => ({
      subject: `Reminder: ${s.year} mission sheet to sign`,
      text: `The Copil of ${dayEn(p.copilAt)} is to adopt it: your signature is awaited.`,
    }),
  },
  MissionSheetAdopted: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `Feuille de mission ${s.year} adoptée par le Copil`,
      text: `Version ${p.version}, adoptée le ${dayFr(p.decidedOn)}. Les associations du territoire peuvent la lire.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} mission sheet adopted by the Copil`,
      text: `Version ${p.version}, adopted on ${dayEn(p.decidedOn)}. The territory's associations may read it.`,
    }),
  },
  MissionSheetSentBack: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `Feuille de mission ${s.year} renvoyée par le Copil`,
      text: `Le ${dayFr(p.decidedOn)}, le Copil demande :\n${p.comments}\nUne nouvelle version, signée par chacun, lui sera présentée.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} mission sheet sent back by the Copil`,
      text: `On ${dayEn(p.decidedOn)}, the Copil asks:\n${p.comments}\nA new version, signed by each of you, goes back to it.`,
    }),
  },
  MissionSheetLapsed: {
    audiences: (s) => binome(s),
    fr: (_p, s) => ({
      subject: `Feuille de mission ${s.year} non adoptée`,
      text: `L'année ${s.year} s'est achevée sans que le Copil adopte la feuille de mission.`,
    }),
    en: (_p, s) => ({ subject: `${s.year} mission sheet not adopted`, text: `The year ${s.year} ended without the Copil adopting the mission sheet.` }),
  },
};

const notices = noticesOf(MISSION_SHEET_NOTICES);

export const missionSheetAudiences = notices.audiences;

export const renderMissionSheetNotice = notices.render;
