import { normalizeTargetPublic, targetPublicProblems } from '@grants/domain';

describe('the target public of a request', () => {
  it('is a pre-set public or one defined from a self-assessment of non-take-up, each field checked', () => {
    expect(targetPublicProblems({ basis: 'eligible', publics: ['families'] })).toEqual([]);
    expect(targetPublicProblems({ basis: 'eligible', publics: ['families', 'martians'] })).toEqual([
      'targetPublic.publics[1]: one of qpv_residents, young_people, families, seniors, women, job_seekers, people_with_disabilities, newcomers',
    ]);
    expect(
      targetPublicProblems({ basis: 'non_take_up', public: 'Familles', assessment: { rights: 'RSA', estimatedPeople: 12, evidence: 'Permanences' } }),
    ).toEqual([]);
    expect(targetPublicProblems({ basis: 'non_take_up', public: ' ', assessment: { rights: 'RSA', estimatedPeople: 1.5, evidence: '' } })).toHaveLength(3);
    expect(targetPublicProblems({ basis: 'x' })).toEqual(['targetPublic.basis: "eligible" or "non_take_up"']);
    expect(
      normalizeTargetPublic({ basis: 'non_take_up', public: ' Familles ', assessment: { rights: ' RSA ', estimatedPeople: 3, evidence: ' Enquête ' } }),
    ).toEqual({ basis: 'non_take_up', public: 'Familles', assessment: { rights: 'RSA', estimatedPeople: 3, evidence: 'Enquête' } });
  });
});
