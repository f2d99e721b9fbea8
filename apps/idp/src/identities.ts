import { createHash } from 'node:crypto';
import { ACCOUNTS } from '@grants/persistence/seed/demo-data';

/** A person as the identity provider knows them: no role, no organisation (the platform decides those). */
export interface Identity {
  subject: string;
  email: string;
  givenName: string;
  familyName: string;
}

/** A stable subject for an e-mail, as a federation would give (never the e-mail itself). */
export function subjectOf(email: string): string {
  return createHash('sha256').update(`grants-demo-idp:${email.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}

export function identityOf(email: string, displayName?: string): Identity {
  const normalised = email.trim().toLowerCase();
  const name = displayName ?? normalised.split('@')[0].replace(/[._-]+/g, ' ');
  const [givenName, ...rest] = name.split(' ');
  return { subject: subjectOf(normalised), email: normalised, givenName, familyName: rest.join(' ') || givenName };
}

/** The people of the demo: one per seeded account (their e-mails), listed on the sign-in page. */
export const DEMO_IDENTITIES: { identity: Identity; label: string; role: string }[] = ACCOUNTS.map((account) => ({
  identity: identityOf(account.email, account.displayName),
  label: account.displayName,
  role: account.role,
}));

const EMAIL = /^[^\s@<>"']{1,64}@[^\s@<>"']{1,190}\.[a-z]{2,}$/i;

export function isEmail(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 254 && EMAIL.test(value.trim());
}
