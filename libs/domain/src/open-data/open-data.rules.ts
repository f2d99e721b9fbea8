import { Cents } from '../money';
import { addCalendarMonths, addCalendarYears } from '../duration';
import { FundingLine, splitByWeights } from '../call';
import { AgreementEventBody, scalePlan } from '../anchoring';
import { ApplicationEventBody, CallEventBody } from '../call';
import { MicroGrantEventBody } from '../micro-grant';

/**
 * The essential data of the subsidy conventions a lifecycle signs, as the SCDL "Subventions" model
 * publishes them: one row per funder (the attribuant), beneficiary and part (an agreement's year, a
 * consortium's award, a pre-selection stipend, a micro-grant). Derived from the stream's events only,
 * so the same events always give the same rows; an amendment or a termination changes rows already
 * derived (a corrected row), never the past events.
 */

/** Which kind of convention a row publishes. */
export type ConventionPath = 'anchoring_agreement' | 'consortium_award' | 'preselection_stipend' | 'micro_grant';

/** The SCDL fields a convention fixes (the attribuant's identity and programme come from the directory at publication). */
export interface ConventionFields {
  dateConvention: string;
  referenceDecision: string;
  nomBeneficiaire: string;
  idBeneficiaire: string;
  rnaBeneficiaire: string;
  objet: string;
  montant: string;
  nature: 'aide en numéraire';
  conditionsVersement: 'unique' | 'échelonné';
  datesPeriodeVersement: string;
  pourcentageSubvention: string;
}

export interface ConventionRow {
  /** Stable across revisions: grant, funder, beneficiary and part. */
  id: string;
  grantId: string;
  funderId: string;
  beneficiaryId: string;
  path: ConventionPath;
  /** The year of the period the money is for (the dataset's `year` filter). */
  year: number;
  fields: ConventionFields;
  /** What this beneficiary receives from this funder under the row (the legal threshold applies to it). */
  beneficiaryCents: Cents;
  /** A termination cancelled it: published, it is taken out of the dataset. */
  withdrawn: boolean;
  /** When the convention was signed, or amended or ended in a way that changed this row. */
  changedAt: string;
}

/** What the directory knows of the beneficiaries (their official names and identifiers). */
export interface Beneficiary {
  name: string;
  siret: string;
  rna?: string | null;
}

/** What a lifecycle's own stream does not say and the rows need. */
export interface ConventionContext {
  beneficiaries: Record<string, Beneficiary>;
  /** A call's funding plan (for its applications: each funder pays its share of every award and stipend). */
  callPlan?: FundingLine[];
  /** Whose money a micro-grant's envelope is (the binôme's funder); none: nothing to publish. */
  envelopeFunderId?: string | null;
}

export interface StreamEvent<T> {
  body: T;
  occurredAt: string;
}

const PARIS_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day (Paris) of an instant, as SCDL writes dates: 2027-03-14. */
export function parisDay(iso: string | number): string {
  return PARIS_DAY.format(new Date(iso));
}

/** Amounts in euros with a decimal point, as SCDL wants them: 1234567 cents → "12345.67". */
export function eurosOf(cents: Cents): string {
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** A beneficiary's share of the total, in [0.01, 1], with up to four decimals (0.45 for 45 %). */
export function shareOf(part: Cents, total: Cents): string {
  if (total <= 0) return '1';
  const share = Math.round((part / total) * 10_000) / 10_000;
  return String(share);
}

/** At most `max` characters (SCDL's `objet` and `conditionsVersement` are 256), cut on a word with an ellipsis. */
export function truncate(text: string, max = 256): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function beneficiaryFields(
  context: ConventionContext,
  associationId: string,
): Pick<ConventionFields, 'nomBeneficiaire' | 'idBeneficiaire' | 'rnaBeneficiaire'> {
  const b = context.beneficiaries[associationId];
  return { nomBeneficiaire: b?.name ?? associationId, idBeneficiaire: b?.siret ?? '', rnaBeneficiaire: b?.rna ?? '' };
}

/** The rows of an anchoring agreement: one per year and funder line, from its signature (the association's acceptance). */
export function agreementConventionRows(grantId: string, events: readonly StreamEvent<AgreementEventBody>[], context: ConventionContext): ConventionRow[] {
  const proposed = events.find((e) => e.body.type === 'AgreementProposed')?.body;
  // Signed when the last party accepts: the association (every funder's line accepted before, or
  // agreements from before that rule), or the last funder after it.
  const accepted = events.find(
    (e) =>
      (e.body.type === 'AgreementAccepted' && !e.body.payload.awaitingFunders?.length) ||
      (e.body.type === 'FundingLineAccepted' && e.body.payload.associationAccepted && !e.body.payload.awaitingFunders.length),
  );
  if (proposed?.type !== 'AgreementProposed' || !accepted) return [];
  const terms = proposed.payload;
  const start = Date.parse(terms.startDate);
  const years = Array.from({ length: terms.years }, (_, i) => ({
    year: i + 1,
    plan: terms.fundingPlan.map((line) => ({ ...line })),
    changedAt: accepted.occurredAt,
    ordered: false,
    cancelledAt: undefined as string | undefined,
  }));
  for (const e of events) {
    const body = e.body;
    if (body.type === 'AmendmentAccepted') {
      for (const y of years.filter((y) => y.year >= body.payload.fromYear)) {
        y.plan = scalePlan(terms.fundingPlan, body.payload.yearlyAmountCents);
        y.changedAt = e.occurredAt;
      }
    } else if (body.type === 'OperatingTrancheOrdered') {
      const y = years.find((y) => y.year === body.payload.year);
      if (y) y.ordered = true;
    } else if (body.type === 'AgreementTerminated') {
      for (const y of years.filter((y) => !y.ordered)) y.cancelledAt = e.occurredAt;
    }
  }
  const signedOn = parisDay(accepted.occurredAt);
  return years.flatMap((y) => {
    const from = addCalendarYears(start, y.year - 1);
    const to = addCalendarYears(start, y.year) - 86_400_000;
    return y.plan.map((line): ConventionRow => ({
      id: `${grantId}/${line.funderId}/${terms.associationId}/annee-${y.year}`,
      grantId,
      funderId: line.funderId,
      beneficiaryId: terms.associationId,
      path: 'anchoring_agreement',
      year: Number(parisDay(from).slice(0, 4)),
      beneficiaryCents: line.amountCents,
      withdrawn: y.cancelledAt !== undefined,
      changedAt: y.cancelledAt ?? y.changedAt,
      fields: {
        dateConvention: signedOn,
        referenceDecision: grantId,
        ...beneficiaryFields(context, terms.associationId),
        objet: truncate(`Convention pluriannuelle d'ancrage (${terms.years} ans), année ${y.year} : frais de fonctionnement — ${proposed.payload.title}`),
        montant: eurosOf(line.amountCents),
        nature: 'aide en numéraire',
        conditionsVersement: terms.years > 1 ? 'échelonné' : 'unique',
        datesPeriodeVersement: `${parisDay(from)}/${parisDay(to)}`,
        pourcentageSubvention: '1',
      },
    }));
  });
}

/**
 * The rows of a consortium's application: at its award, one per call funder and member (`montant` the
 * funder's part of the award, `pourcentageSubvention` the member's share); for a paid pre-selection,
 * the stipend likewise, from its order.
 */
export function applicationConventionRows(grantId: string, events: readonly StreamEvent<ApplicationEventBody>[], context: ConventionContext): ConventionRow[] {
  const opened = events.find((e) => e.body.type === 'ApplicationOpened')?.body;
  if (opened?.type !== 'ApplicationOpened') return [];
  const plan = context.callPlan?.length ? context.callPlan : opened.payload.funderIds.map((funderId) => ({ funderId, amountCents: 1 }));
  const byFunder = (amount: Cents) => {
    const parts = splitByWeights(
      amount,
      plan.map((line) => line.amountCents),
    );
    return plan.map((line, i) => ({ funderId: line.funderId, amountCents: parts[i] })).filter((line) => line.amountCents > 0);
  };
  const callName = `appel à projets « ${opened.payload.callTitle} », consortium « ${opened.payload.consortiumName} »`;
  /** One row per call funder and member: `montant` the funder's part of the total, the member's share of it. */
  const memberRows = (
    occurredAt: string,
    totalCents: Cents,
    members: readonly { associationId: string; cents: Cents }[],
    part: { path: ConventionPath; suffix: string; objet: string; conditionsVersement: ConventionFields['conditionsVersement']; period: string },
  ): ConventionRow[] => {
    const day = parisDay(occurredAt);
    return byFunder(totalCents).flatMap((line) => {
      const memberParts = splitByWeights(
        line.amountCents,
        members.map((m) => m.cents),
      );
      return members.map((member, i): ConventionRow => ({
        id: `${grantId}/${line.funderId}/${member.associationId}/${part.suffix}`,
        grantId,
        funderId: line.funderId,
        beneficiaryId: member.associationId,
        path: part.path,
        year: Number(day.slice(0, 4)),
        beneficiaryCents: memberParts[i],
        withdrawn: false,
        changedAt: occurredAt,
        fields: {
          dateConvention: day,
          referenceDecision: grantId,
          ...beneficiaryFields(context, member.associationId),
          objet: truncate(part.objet),
          montant: eurosOf(line.amountCents),
          nature: 'aide en numéraire',
          conditionsVersement: part.conditionsVersement,
          datesPeriodeVersement: part.period,
          pourcentageSubvention: shareOf(member.cents, totalCents),
        },
      }));
    });
  };
  return events.flatMap((e) => {
    const body = e.body;
    if (body.type === 'StipendOrdered') {
      const members = body.payload.split.map((m) => ({ associationId: m.associationId, cents: m.amountCents }));
      return memberRows(e.occurredAt, body.payload.amountCents, members, {
        path: 'preselection_stipend',
        suffix: 'indemnite-preselection',
        objet: `Pré-sélection rémunérée (co-construction du projet) — ${callName}`,
        conditionsVersement: 'unique',
        period: parisDay(e.occurredAt),
      });
    }
    if (body.type === 'ApplicationAwarded') {
      const p = body.payload;
      const members = p.payments.map((m) => ({ associationId: m.associationId, cents: m.awardCents }));
      // From the award (first tranche) to the final report's due date (the balance).
      const lastPayment = parisDay(Math.max(Date.parse(p.reportDueAt), Date.parse(e.occurredAt)));
      return memberRows(e.occurredAt, p.amountCents, members, {
        path: 'consortium_award',
        suffix: 'attribution',
        objet: `Action du ${parisDay(p.actionStart)} au ${parisDay(p.actionEnd)} en consortium — ${callName}`,
        conditionsVersement: 'échelonné',
        period: `${parisDay(e.occurredAt)}/${lastPayment}`,
      });
    }
    return [];
  });
}

/** The row of a micro-grant, once its payment is ordered: the envelope's funder pays the requester. */
export function microGrantConventionRows(grantId: string, events: readonly StreamEvent<MicroGrantEventBody>[], context: ConventionContext): ConventionRow[] {
  const requested = events.find((e) => e.body.type === 'MicroGrantRequested')?.body;
  const approved = events.find((e) => e.body.type === 'MicroGrantApproved');
  const paid = events.find((e) => e.body.type === 'PaymentOrdered');
  // The payment order is what publishes it (an order means both approved); the approval dates the convention.
  if (requested?.type !== 'MicroGrantRequested' || paid?.body.type !== 'PaymentOrdered' || !context.envelopeFunderId) return [];
  const p = requested.payload;
  const day = parisDay(paid.occurredAt);
  return [
    {
      id: `${grantId}/${context.envelopeFunderId}/${p.associationId}/micro-subvention`,
      grantId,
      funderId: context.envelopeFunderId,
      beneficiaryId: p.associationId,
      path: 'micro_grant',
      year: Number(day.slice(0, 4)),
      beneficiaryCents: paid.body.payload.amountCents,
      withdrawn: false,
      changedAt: paid.occurredAt,
      fields: {
        dateConvention: parisDay((approved ?? paid).occurredAt),
        referenceDecision: grantId,
        ...beneficiaryFields(context, p.associationId),
        objet: truncate(`Micro-subvention du binôme : ${p.title} — ${p.purpose}`),
        montant: eurosOf(paid.body.payload.amountCents),
        nature: 'aide en numéraire',
        conditionsVersement: 'unique',
        datesPeriodeVersement: day,
        pourcentageSubvention: '1',
      },
    },
  ];
}

/** The events after which a stream's convention rows may change (the others never change them). */
export const CONVENTION_EVENTS: ReadonlySet<string> = new Set<(AgreementEventBody | ApplicationEventBody | MicroGrantEventBody | CallEventBody)['type']>([
  'AgreementAccepted',
  'FundingLineAccepted',
  'AmendmentAccepted',
  'AgreementTerminated',
  'StipendOrdered',
  'ApplicationAwarded',
  'PaymentOrdered',
]);

/**
 * When a row must be published: three calendar months after its convention was signed (or changed),
 * with a reminder a month before. In the demo mode those months shrink by the time scale; tests set
 * both durations outright.
 */
export interface OpenDataPolicy {
  timeScale: number;
  publicationDelayMs?: number;
  reminderBeforeMs?: number;
}

export const DEFAULT_OPEN_DATA_POLICY: OpenDataPolicy = { timeScale: 1 };

export function publicationDeadlines(changedAt: string, policy: OpenDataPolicy): { dueBy: string; remindAt: string } {
  const t = Date.parse(changedAt);
  const months = (n: number) => (addCalendarMonths(t, n) - t) / policy.timeScale;
  const delay = policy.publicationDelayMs ?? Math.round(months(3));
  const before =
    policy.reminderBeforeMs ?? (policy.publicationDelayMs !== undefined ? Math.round(policy.publicationDelayMs / 3) : Math.round(months(3) - months(2)));
  return { dueBy: new Date(t + delay).toISOString(), remindAt: new Date(t + Math.max(0, delay - before)).toISOString() };
}
