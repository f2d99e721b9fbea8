import type { ApplicationNotice, ApplicationState, CallPolicy, CallState, CallTerms, Cents, Role } from '@grants/domain';

/** Input of callWorkflow: the terms as launched, and who launched them. */
export interface CallInput {
  callId: string;
  launchedBy: { id: string; role: Role };
  launchedAt: string;
  terms: CallTerms;
  policy: CallPolicy;
  /**
   * The funders of the plan whose line is accepted at launch (the launching funder's own); the
   * others accept theirs before any stipend or award is ordered. Absent for calls launched before.
   */
  fundersAccepted?: string[];
  /** Updates a run takes before it continues as new (WORKFLOW_UPDATES_PER_RUN; absent: 500). */
  maxUpdatesPerRun?: number;
  /** Set by the call itself when it continues as new: everything it holds, and where it stands. */
  carried?: CallCarried;
}

/** What a call carries into its next run. */
export interface CallCarried {
  /** With `lastSeq`, the events its runs recorded, since the recorder (absent from a run of before). */
  state: CallState & { lastSeq?: number };
  /** The stage of the call's main line: the one to resume. */
  stage: 'open' | 'preselection' | 'proposals' | 'deciding';
  operations: number;
  settled: string[];
}

/** Input of consortiumApplicationWorkflow, a child of the call, started by an expression of interest. */
export type ApplicationInput = Pick<
  ApplicationState,
  'callId' | 'consortiumId' | 'consortiumName' | 'leadAssociationId' | 'members' | 'call' | 'paidPreselection' | 'policy' | 'summary' | 'expressedAt'
> & {
  applicationId: string;
  expressedBy: string;
  /** How the members split a stipend, in percent (adds up to 100). */
  stipendSplit: { associationId: string; percent: number }[];
};

/** What an application tells its call: a proposal arrived, or what it holds once the proposal deadline passed. */
export type ApplicationProposalNotice = ApplicationNotice;

export interface DoubleFundingQuery {
  applicationId: string;
  associationIds: string[];
  actionStart: string;
  actionEnd: string;
}

export interface PaymentOrderCommand {
  /** Unique per payment: a retry with the same key finds the first order. */
  orderKey: string;
  grantId: string;
  purpose: 'stipend' | 'award_tranche' | 'final_tranche' | 'operating_tranche' | 'coordination';
  payeeAssociationId: string;
  /** The funder whose line this order pays, when the grant has a funding plan. */
  funderId?: string;
  amountCents: Cents;
  split?: { associationId: string; amountCents: Cents }[];
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export function isCallId(value: string): boolean {
  return new RegExp(`^call-${UUID}$`).test(value);
}

/** A consortium's id names its call: cons-<call uuid>-<8 hex>. */
export function consortiumIdFor(callId: string, suffix: string): string {
  return `cons-${callId.slice('call-'.length)}-${suffix}`;
}

/** The application a consortium files shares its id's suffix: app-<call uuid>-<8 hex>. */
export function applicationIdOf(consortiumId: string): string {
  return `app-${consortiumId.slice('cons-'.length)}`;
}

/** The call a consortium or an application belongs to, or null when the id is not one. */
export function callIdOf(id: string): string | null {
  const match = new RegExp(`^(?:cons|app)-(${UUID})-[0-9a-f]{8}$`).exec(id);
  return match ? `call-${match[1]}` : null;
}

export function isApplicationId(value: string): boolean {
  return value.startsWith('app-') && callIdOf(value) !== null;
}
