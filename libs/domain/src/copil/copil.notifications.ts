import { dayEn, dayFr } from '../dates';
import type { Audience } from '../roles';
import { Notices, noticesOf } from '../notices';
import type { College, CopilEventBody } from './copil.events';
import { COLLEGE_NAMES } from './copil.rules';
import type { CopilState } from './copil.state';

const lead = (s: CopilState): Audience => ({ kind: 'territory_role', role: 'project_lead', territory: s.territoryId });
const binome = (s: CopilState): Audience[] => [lead(s), { kind: 'territory_role', role: 'prefect_delegate', territory: s.territoryId }];
const orgs = (ids: readonly (string | undefined)[]): Audience[] =>
  [...new Set(ids.filter((id): id is string => Boolean(id)))].map((org) => ({ kind: 'org', org }));
const round = (s: CopilState, id: string) => s.rounds.find((r) => r.roundId === id);
const mandate = (s: CopilState, id: string) => s.mandates.find((m) => m.mandateId === id);
const meeting = (s: CopilState, id: string) => s.meetings.find((m) => m.meetingId === id);
const invitedOrgs = (s: CopilState, meetingId: string) => orgs(meeting(s, meetingId)?.invited.map((i) => i.associationId) ?? []);
const fr = (c: College | undefined) => (c ? COLLEGE_NAMES[c].fr : '');
const en = (c: College | undefined) => (c ? COLLEGE_NAMES[c].en : '');
/** "1 siège", "3 sièges": the number and its noun agree. */
const count = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
const VOTE_FR = { for: 'pour', against: 'contre', abstain: 'abstention' } as const;

/** Who hears of each event of a Copil and what they read, in French and in English. */
export const COPIL_NOTICES: Notices<CopilEventBody, CopilState> = {
  CopilOpened: {
    audiences: (s) => binome(s),
    fr: (p) => ({ subject: `Copil ${p.year} ouvert`, text: `Le comité de pilotage ${p.year} est ouvert : désignations par collège, réunions, décisions.` }),
    en: (p) => ({ subject: `${p.year} Copil opened`, text: `The ${p.year} steering committee is open: designations by college, meetings, decisions.` }),
  },
  CopilRoundOpened: {
    audiences: (s, p) => [...binome(s), ...orgs(p.toldAssociationIds)],
    fr: (p) => ({
      subject: `Copil : appel à candidatures — collège ${fr(p.college)}`,
      text: `${count(p.seats, 'siège à pourvoir', 'sièges à pourvoir')}, pour un mandat de ${count(p.termYears, 'an', 'ans')}. Candidatures jusqu'au ${dayFr(p.candidaciesDueAt)}.`,
    }),
    en: (p) => ({
      subject: `Copil: call for candidates — college of ${en(p.college)}`,
      text: `${count(p.seats, 'seat', 'seats')} to fill, for a ${p.termYears}-year term. Candidacies until ${dayEn(p.candidaciesDueAt)}.`,
    }),
  },
  CopilCandidacyFiled: {
    audiences: (s, p) => [lead(s), ...orgs([p.candidate.associationId])],
    fr: (p, s) => ({
      subject: `Copil : nouvelle candidature — ${p.candidate.name}`,
      text: `Collège ${fr(round(s, p.roundId)?.college)}.${p.statement ? `\n${p.statement}` : ''}`,
    }),
    en: (p, s) => ({
      subject: `Copil: ${p.candidate.name} stands`,
      text: `College of ${en(round(s, p.roundId)?.college)}.${p.statement ? `\n${p.statement}` : ''}`,
    }),
  },
  CopilRoundClosed: {
    audiences: (s) => [lead(s)],
    fr: (p, s) => ({
      subject: `Copil : candidatures closes — collège ${fr(round(s, p.roundId)?.college)}`,
      text: p.candidacies
        ? `${count(p.candidacies, 'candidature reçue', 'candidatures reçues')} : le collège désigne ses membres.`
        : 'Aucune candidature : les sièges restent vacants.',
    }),
    en: (p, s) => ({
      subject: `Copil: candidacies closed — college of ${en(round(s, p.roundId)?.college)}`,
      text: p.candidacies
        ? `${count(p.candidacies, 'candidacy', 'candidacies')} received: the college designates its members.`
        : 'No candidacy: the seats stay vacant.',
    }),
  },
  CopilSeatDesignated: {
    audiences: (s, p) => [...binome(s), ...orgs([mandate(s, p.mandateId)?.associationId])],
    fr: (p, s) => ({
      subject: `Copil : siège attribué — ${mandate(s, p.mandateId)?.holder ?? ''}, collège ${fr(round(s, p.roundId)?.college)}`,
      text: `Mandat jusqu'au ${dayFr(p.endsAt)}.\nMotif : ${p.reason}`,
    }),
    en: (p, s) => ({
      subject: `Copil: ${mandate(s, p.mandateId)?.holder ?? ''} designated — college of ${en(round(s, p.roundId)?.college)}`,
      text: `Term until ${dayEn(p.endsAt)}.\nReason: ${p.reason}`,
    }),
  },
  CopilMandateReminderSent: {
    audiences: (s, p) => [lead(s), ...orgs([mandate(s, p.mandateId)?.associationId])],
    fr: (p, s) => ({
      subject: `Copil : mandat à échéance le ${dayFr(p.endsAt)}`,
      text: `${mandate(s, p.mandateId)?.holder ?? ''}, collège ${fr(mandate(s, p.mandateId)?.college)} : une nouvelle désignation est à préparer.`,
    }),
    en: (p, s) => ({
      subject: `Copil: term ending on ${dayEn(p.endsAt)}`,
      text: `${mandate(s, p.mandateId)?.holder ?? ''}, college of ${en(mandate(s, p.mandateId)?.college)}: a new designation is to prepare.`,
    }),
  },
  CopilMandateEnded: {
    audiences: (s, p) => [lead(s), ...orgs([mandate(s, p.mandateId)?.associationId])],
    fr: (p, s) => ({
      subject: `Copil : fin de mandat — ${mandate(s, p.mandateId)?.holder ?? ''}`,
      text: `Le siège du collège ${fr(mandate(s, p.mandateId)?.college)} est vacant.`,
    }),
    en: (p, s) => ({
      subject: `Copil: term ended — ${mandate(s, p.mandateId)?.holder ?? ''}`,
      text: `The seat of the college of ${en(mandate(s, p.mandateId)?.college)} is vacant.`,
    }),
  },
  CopilMeetingScheduled: {
    audiences: (s, p) => [...binome(s), ...orgs(p.invited.map((i) => i.associationId))],
    fr: (p) => ({
      subject: `Copil : réunion le ${dayFr(p.at)}`,
      text: `Ordre du jour :\n${p.agenda.map((a) => `- ${a}`).join('\n')}\n${count(p.invited.length, 'siège invité', 'sièges invités')}.`,
    }),
    en: (p) => ({
      subject: `Copil: meeting on ${dayEn(p.at)}`,
      text: `Agenda:\n${p.agenda.map((a) => `- ${a}`).join('\n')}\n${count(p.invited.length, 'seat invited', 'seats invited')}.`,
    }),
  },
  CopilMeetingHeld: {
    audiences: (s, p) => [...binome(s), ...invitedOrgs(s, p.meetingId)],
    fr: (p) => ({ subject: `Copil tenu le ${dayFr(p.heldOn)}`, text: `${count(p.attendees.length, 'siège présent', 'sièges présents')}.\n${p.minutes}` }),
    en: (p) => ({ subject: `Copil held on ${dayEn(p.heldOn)}`, text: `${count(p.attendees.length, 'seat present', 'seats present')}.\n${p.minutes}` }),
  },
  CopilAxisDecided: {
    audiences: (s) => binome(s),
    fr: (p) => ({
      subject: `Copil : axe prioritaire ${p.adopted ? 'adopté' : 'non adopté'} — ${p.title}`,
      text: (Object.keys(p.votes) as College[]).map((c) => `Collège ${fr(c)} : ${VOTE_FR[p.votes[c]]}`).join('\n'),
    }),
    en: (p) => ({
      subject: `Copil: priority axis ${p.adopted ? 'adopted' : 'not adopted'} — ${p.title}`,
      text: (Object.keys(p.votes) as College[]).map((c) => `College of ${en(c)}: ${p.votes[c]}`).join('\n'),
    }),
  },
  CopilTokensCredited: {
    audiences: (s) => [lead(s)],
    fr: (p) => ({
      subject: 'Copil : jetons de coordination',
      text: `${count(p.agreementIds.length, "convention d'ancrage créditée", "conventions d'ancrage créditées")} d'un jeton pour la présence de l'association.`,
    }),
    en: (p) => ({
      subject: 'Copil: coordination tokens',
      text: `${count(p.agreementIds.length, 'anchoring agreement', 'anchoring agreements')} credited with a token for the association's attendance.`,
    }),
  },
  CopilYearEnded: {
    audiences: (s) => binome(s),
    fr: (p, s) => ({
      subject: `Copil ${s.year} : fin de l'année`,
      text: `${count(p.unfilledRounds.length, 'désignation non aboutie', 'désignations non abouties')}, ${count(p.unheldMeetings.length, 'réunion non tenue', 'réunions non tenues')}. Les mandats en cours sont suivis jusqu'à leur terme.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} Copil: year ended`,
      text: `${count(p.unfilledRounds.length, 'designation', 'designations')} not completed, ${count(p.unheldMeetings.length, 'meeting', 'meetings')} not held. Running terms are followed to their end.`,
    }),
  },
  CopilClosed: {
    audiences: (s) => [lead(s)],
    fr: (p, s) => ({
      subject: `Copil ${s.year} clos`,
      text: `${count(p.meetings, 'réunion tenue', 'réunions tenues')}, ${count(p.decisions, 'décision', 'décisions')}, ${count(p.mandates, 'mandat suivi', 'mandats suivis')} jusqu'à leur terme.`,
    }),
    en: (p, s) => ({
      subject: `${s.year} Copil closed`,
      text: `${count(p.meetings, 'meeting', 'meetings')} held, ${count(p.decisions, 'decision', 'decisions')}, ${count(p.mandates, 'term', 'terms')} followed to their end.`,
    }),
  },
};

const notices = noticesOf(COPIL_NOTICES);

export const copilAudiences = notices.audiences;

export const renderCopilNotice = notices.render;
