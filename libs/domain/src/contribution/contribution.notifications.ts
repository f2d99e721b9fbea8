import { formatCentsFr } from '../money';
import { dayEn as dateEn, dayFr as dateFr } from '../dates';
import type { Audience } from '../roles';
import { NoticeText, Notices, noticesOf } from '../notices';
import type { ContributionEventBody, ContributionSide, Orientation } from './contribution.events';
import type { ContributionState } from './contribution.state';

export type ContributionText = NoticeText;

export const ORIENTATION_LABELS: Record<Orientation, { fr: string; en: string }> = {
  cohesion_sociale: { fr: 'cohésion sociale', en: 'social cohesion' },
  cadre_de_vie: { fr: 'cadre de vie et renouvellement urbain', en: 'living environment and urban renewal' },
  emploi_economie: { fr: 'emploi et développement économique', en: 'employment and economic development' },
  jeunesse: { fr: 'jeunesse', en: 'youth' },
  egalite_femmes_hommes: { fr: 'égalité entre les femmes et les hommes', en: 'equality between women and men' },
  lutte_discriminations: { fr: 'lutte contre les discriminations', en: 'fighting discrimination' },
};

const side = (s: ContributionState, which: ContributionSide): Audience[] =>
  which === 'team' ? [{ kind: 'territory_role', role: 'project_lead', territory: s.terms.territoryId }] : [{ kind: 'org', org: s.terms.signatoryId }];
const both = (s: ContributionState): Audience[] => [...side(s, 'team'), ...side(s, 'signatory')];

function what(s: ContributionState, en = false): string {
  const t = s.terms;
  const amount = t.nature === 'funding' ? (en ? `€${(t.amountCents! / 100).toLocaleString('en-GB')}` : formatCentsFr(t.amountCents!)) : '';
  const nature = en
    ? { funding: `funding of ${amount}`, staff: `${t.staffCount} people on the ground`, premises: 'premises' }[t.nature]
    : { funding: `un financement de ${amount}`, staff: `${t.staffCount} personne${(t.staffCount ?? 0) > 1 ? 's' : ''} sur le terrain`, premises: 'des locaux' }[
        t.nature
      ];
  const orientation = ORIENTATION_LABELS[t.orientation][en ? 'en' : 'fr'];
  return en
    ? `${nature} for ${orientation} in ${t.year} (${t.description})`
    : `${nature} pour l'orientation « ${orientation} » en ${t.year} (${t.description})`;
}

/** Who hears of each contribution event and what they read, in French and in English. */
export const CONTRIBUTION_NOTICES: Notices<ContributionEventBody, ContributionState> = {
  ContributionProposed: {
    audiences: (s, p) => side(s, p.side === 'team' ? 'signatory' : 'team'),
    fr: (p, s) => ({
      subject: `Contribution proposée au contrat de ville : ${s.terms.year}`,
      text: `Proposition : ${what(s)}.\nÀ signer avant le ${dateFr(p.signBy)}, ou à amender.`,
    }),
    en: (p, s) => ({
      subject: `Contribution proposed to the contrat de ville: ${s.terms.year}`,
      text: `Proposal: ${what(s, true)}.\nTo sign by ${dateEn(p.signBy)}, or to revise.`,
    }),
  },
  ContributionRevised: {
    audiences: (s, p) => side(s, p.side === 'team' ? 'signatory' : 'team'),
    fr: (p, s) => ({
      subject: `Contribution amendée (version ${p.version}) : ${s.terms.year}`,
      text: `Nouvelle version : ${what(s)}.\nÀ signer avant le ${dateFr(p.signBy)}, ou à amender.`,
    }),
    en: (p, s) => ({
      subject: `Contribution revised (version ${p.version}): ${s.terms.year}`,
      text: `New version: ${what(s, true)}.\nTo sign by ${dateEn(p.signBy)}, or to revise.`,
    }),
  },
  ContributionSigned: {
    audiences: () => [],
    fr: (p) => ({ subject: `Contribution signée (version ${p.version})`, text: `Version ${p.version} signée.` }),
    en: (p) => ({ subject: `Contribution signed (version ${p.version})`, text: `Version ${p.version} signed.` }),
  },
  ContributionAgreed: {
    audiences: (s) => [...both(s), { kind: 'territory_role', role: 'prefect_delegate', territory: s.terms.territoryId }],
    fr: (_p, s) => ({ subject: `Contribution conclue : ${s.terms.year}`, text: `Les deux signatures sont réunies : ${what(s)}.` }),
    en: (_p, s) => ({ subject: `Contribution agreed: ${s.terms.year}`, text: `Both sides have signed: ${what(s, true)}.` }),
  },
  ContributionReminderSent: {
    audiences: (s, p) => side(s, p.awaiting),
    fr: (p, s) => ({ subject: `Rappel : une contribution attend votre signature`, text: `${what(s)}.\nÀ signer ou amender avant le ${dateFr(p.signBy)}.` }),
    en: (p, s) => ({ subject: `Reminder: a contribution awaits your signature`, text: `${what(s, true)}.\nTo sign or revise by ${dateEn(p.signBy)}.` }),
  },
  ContributionExpired: {
    audiences: (s) => both(s),
    fr: (p, s) => ({
      subject: `Contribution non signée à temps : ${s.terms.year}`,
      text: `La version ${s.version} n'a pas été signée avant le ${dateFr(p.signBy)} : ${what(s)}.`,
    }),
    en: (p, s) => ({
      subject: `Contribution not signed in time: ${s.terms.year}`,
      text: `Version ${s.version} was not signed by ${dateEn(p.signBy)}: ${what(s, true)}.`,
    }),
  },
  ContributionWithdrawn: {
    audiences: (s, p) => side(s, p.side === 'team' ? 'signatory' : 'team'),
    fr: (p, s) => ({ subject: `Contribution retirée : ${s.terms.year}`, text: `${what(s)}.\nMotif : ${p.reason}` }),
    en: (p, s) => ({ subject: `Contribution withdrawn: ${s.terms.year}`, text: `${what(s, true)}.\nReason: ${p.reason}` }),
  },
};

const notices = noticesOf(CONTRIBUTION_NOTICES);

export const contributionAudiences = notices.audiences;

export const renderContributionNotice = notices.render;
