/**
 * Whom an action is for (proposal 1 of the source document): a pre-set eligible public, or a public
 * the association defines itself from its own self-assessment of non-take-up (non-recours: people
 * entitled to rights or services who do not claim them). The request records the basis and the
 * assessment as the association wrote it.
 */
export const ELIGIBLE_PUBLICS = [
  'qpv_residents',
  'young_people',
  'families',
  'seniors',
  'women',
  'job_seekers',
  'people_with_disabilities',
  'newcomers',
] as const;
export type EligiblePublic = (typeof ELIGIBLE_PUBLICS)[number];

export interface NonTakeUpAssessment {
  /** The rights or services not taken up (RSA, CAF benefits, health cover, school support…). */
  rights: string;
  /** How many people the association estimates it can reach. */
  estimatedPeople: number;
  /** How it knows: its own contacts, a survey, a partner's figures. */
  evidence: string;
}

export type TargetPublic = { basis: 'eligible'; publics: EligiblePublic[] } | { basis: 'non_take_up'; public: string; assessment: NonTakeUpAssessment };

/** What is wrong with a target public, each naming its field, or an empty list. */
export function targetPublicProblems(target: { basis?: unknown; publics?: unknown; public?: unknown; assessment?: Partial<NonTakeUpAssessment> }): string[] {
  const problems: string[] = [];
  if (target.basis === 'eligible') {
    const publics = Array.isArray(target.publics) ? target.publics : [];
    if (!publics.length) problems.push('targetPublic.publics: at least one eligible public');
    publics.forEach(
      (p, i) => (ELIGIBLE_PUBLICS as readonly unknown[]).includes(p) || problems.push(`targetPublic.publics[${i}]: one of ${ELIGIBLE_PUBLICS.join(', ')}`),
    );
    if (target.public !== undefined || target.assessment !== undefined) problems.push('targetPublic: a pre-set public takes no self-assessment');
  } else if (target.basis === 'non_take_up') {
    if (typeof target.public !== 'string' || !target.public.trim()) problems.push('targetPublic.public: the public you define');
    const a = target.assessment ?? {};
    if (typeof a.rights !== 'string' || !a.rights.trim()) problems.push('targetPublic.assessment.rights: the rights or services not taken up');
    if (!Number.isSafeInteger(a.estimatedPeople) || (a.estimatedPeople as number) < 1 || (a.estimatedPeople as number) > 100_000)
      problems.push('targetPublic.assessment.estimatedPeople: a whole number of people, 1 to 100000');
    if (typeof a.evidence !== 'string' || !a.evidence.trim())
      problems.push('targetPublic.assessment.evidence: how you know (your contacts, a survey, a partner’s figures)');
    if (target.publics !== undefined) problems.push('targetPublic: a self-assessed public takes no pre-set publics');
  } else {
    problems.push('targetPublic.basis: "eligible" or "non_take_up"');
  }
  return problems;
}

/** The target public as recorded: trimmed, nothing else. */
export function normalizeTargetPublic(target: TargetPublic): TargetPublic {
  if (target.basis === 'eligible') return { basis: 'eligible', publics: [...new Set(target.publics)] };
  return {
    basis: 'non_take_up',
    public: target.public.trim(),
    assessment: { rights: target.assessment.rights.trim(), estimatedPeople: target.assessment.estimatedPeople, evidence: target.assessment.evidence.trim() },
  };
}
