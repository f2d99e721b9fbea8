import type { MemberInvitation, Role, TaskForcePolicy, TaskForceTerms } from '@grants/domain';

/** Input of taskForceWorkflow (workflow id tf-<uuid>). */
export interface TaskForceInput {
  taskForceId: string;
  terms: Omit<TaskForceTerms, 'members'> & { members: MemberInvitation[] };
  /** The project lead who proposes it and pilots it. */
  pilot: { id: string; role: Role; name: string };
  policy: TaskForcePolicy;
}
