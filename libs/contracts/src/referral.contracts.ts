import type { Need, ReferralPolicy, Role } from '@grants/domain';

/** Input of referralWorkflow (workflow id ref-<uuid>). */
export interface ReferralInput {
  referralId: string;
  need: Need;
  submittedBy: { id: string; role: Role };
  policy: ReferralPolicy;
}
