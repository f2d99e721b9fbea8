import {
  AgreementEventBody,
  ApplicationEventBody,
  CallEventBody,
  Cents,
  CohortEventBody,
  IncubationEventBody,
  MicroGrantEventBody,
  OpenDataEventBody,
  microGrantNotice,
} from '@grants/domain';
import type { CallFacts, GrantFacts, RenderedNotification } from './notification-templates';

/** English texts, for accounts that chose English (French is the default). */
const euros = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
const money = (cents: Cents) => euros.format(cents / 100);
const date = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(iso));
const dateTime = (iso: string) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
const MILESTONE: Record<string, string> = { design: 'design', launch: 'launch', impact_review: 'impact review' };

function with_(link: string) {
  return (subject: string, text: string): RenderedNotification => ({ subject, text: `${text}\n\nFile: ${link}` });
}

export function renderMicroGrantNotificationEn(event: MicroGrantEventBody, grant: GrantFacts, link: string): RenderedNotification {
  const { subject, text } = microGrantNotice(event, grant, 'en');
  return with_(link)(subject, text);
}

export function renderCallNotificationEn(event: CallEventBody | ApplicationEventBody, facts: CallFacts, link: string): RenderedNotification {
  const body = with_(link);
  const call = `"${facts.callTitle}"`;
  const consortium = facts.consortiumName ? `the consortium "${facts.consortiumName}"` : 'your consortium';
  switch (event.type) {
    case 'AssociationsInvited':
      return body(
        `Call for projects: you are invited, ${facts.callTitle}`,
        `Your association matches the themes and territories of the call ${call}. Meetups between associations come before applications, to form consortia rather than compete.`,
      );
    case 'MeetupScheduled':
      return body(
        `Meetup between associations: ${facts.callTitle}`,
        `A meetup is held on ${dateTime(event.payload.at)} (${event.payload.place}) for the call ${call}. Please say whether you attend.`,
      );
    case 'ConsortiumMemberInvited':
      return body(
        `Invitation to join a consortium: ${facts.callTitle}`,
        `Your association is invited to join ${consortium} for the call ${call}. You may accept or decline.`,
      );
    case 'ConsortiumInvitationAnswered':
      return body(
        `Invitation answered: ${facts.callTitle}`,
        `${event.payload.associationId} ${event.payload.accepted ? 'accepted' : 'declined'} the invitation to join ${consortium}.`,
      );
    case 'ExpressionOfInterestReceived':
      return body(
        `Expression of interest received: ${facts.callTitle}`,
        `An expression of interest was filed for ${call} (${event.payload.members.length} member${event.payload.members.length > 1 ? 's' : ''}):\n${event.payload.summary}`,
      );
    case 'ApplicationOpened':
      return body(
        `Expression of interest recorded: ${facts.callTitle}`,
        `The expression of interest of ${consortium} in ${call} is recorded.\n` +
          (event.payload.paidPreselection
            ? 'A paid pre-selection follows the expression-of-interest deadline.'
            : `The proposal is due by ${dateTime(event.payload.proposalDeadline)}.`),
      );
    case 'ApplicationShortlisted':
      return body(
        `Pre-selection: ${consortium} is shortlisted`,
        `Your application to ${call} is shortlisted; a co-production stipend is paid to you.\nReason: ${event.payload.reason}`,
      );
    case 'ApplicationNotShortlisted':
      return body(
        `Pre-selection: application not retained, ${facts.callTitle}`,
        `Your application to ${call} is not shortlisted.\nReason: ${event.payload.reason}`,
      );
    case 'StipendOrdered':
      return body(
        `Pre-selection stipend ordered: ${facts.callTitle}`,
        `The stipend of ${money(event.payload.amountCents)} is ordered (order ${event.payload.paymentOrderId}), split as follows:\n` +
          event.payload.split.map((s) => `- ${s.associationId}: ${money(s.amountCents)}`).join('\n'),
      );
    case 'ProposalSubmitted':
      return body(
        `Proposal received: ${facts.callTitle}`,
        `${consortium} asks for ${money(event.payload.requestedAmountCents)}, split as follows:\n` +
          event.payload.members.map((m) => `- ${m.associationId} (${m.role}): ${money(m.shareCents)}`).join('\n'),
      );
    case 'DoubleFundingFlagged':
      return body(
        `Possible double funding: ${facts.callTitle}`,
        `The proposal of ${consortium} overlaps actions already funded for an overlapping period:\n` +
          event.payload.flags
            .map(
              (f) =>
                `- ${f.associationId} (SIRET ${f.siret}): file ${f.conflictingGrantId} "${f.conflictingTitle}", ${date(f.periodStart)} to ${date(f.periodEnd)}`,
            )
            .join('\n'),
      );
    case 'ProposalMissing':
      return body(
        `No proposal received: ${facts.callTitle}`,
        `No proposal was filed by ${dateTime(event.payload.proposalDeadline)}: the application is closed.`,
      );
    case 'ApplicationAwarded':
      return body(
        `Grant awarded: ${facts.callTitle}`,
        `${consortium} receives ${money(event.payload.amountCents)}.\nReason: ${event.payload.reason}\n` +
          event.payload.payments
            .map((p) => `- ${p.associationId}: ${money(p.awardCents)} (${money(p.firstTrancheCents)} now, ${money(p.finalTrancheCents)} on the final report)`)
            .join('\n') +
          `\nThe final report is due by ${date(event.payload.reportDueAt)}.`,
      );
    case 'ApplicationNotAwarded':
      return body(`Application not retained: ${facts.callTitle}`, `Your proposal for ${call} is not retained.\nReason: ${event.payload.reason}`);
    case 'ConsortiumTrancheOrdered':
      return body(
        `Payment ordered: ${facts.callTitle}`,
        `${event.payload.tranche === 'award' ? 'The first tranche' : 'The balance'} is ordered:\n` +
          event.payload.orders.map((o) => `- ${o.associationId}: ${money(o.amountCents)} (order ${o.paymentOrderId})`).join('\n'),
      );
    case 'FinalReportReminderSent':
      return body(`Reminder: final report due, ${facts.callTitle}`, `The final report is due by ${date(event.payload.reportDueAt)}.`);
    case 'FinalReportOverdue':
      return body(
        `Final report overdue: ${facts.callTitle}`,
        `The final report of ${consortium} was due on ${date(event.payload.reportDueAt)}; the balance waits for it.`,
      );
    case 'FinalReportSubmitted':
      return body(`Final report received: ${facts.callTitle}`, `${consortium} submitted its final report; the balance is ordered.`);
    case 'CallLaunched':
      return body(
        `Funding line to accept: ${facts.callTitle}`,
        `The call for projects ${call} is launched with a line of your organisation in its funding plan (a budget of ${money(event.payload.budgetCents)}). ` +
          `Accept your line: no pre-selection stipend and no award of the call is ordered before every funder has accepted.`,
      );
    case 'CallFundingLineAccepted':
      return body(
        `Funding line accepted: ${facts.callTitle}`,
        `${event.payload.funderId} accepts its line of the funding plan of the call ${call}.` +
          (event.payload.awaitingFunders.length
            ? ` The call still awaits: ${event.payload.awaitingFunders.join(', ')}.`
            : " Every funder has accepted its line: the call's stipends and awards may be ordered."),
      );
    case 'MeetupRsvpRecorded':
    case 'MeetupAttendanceRecorded':
    case 'ConsortiumFormed':
    case 'ExpressionsClosed':
    case 'ShortlistDecided':
    case 'ProposalsClosed':
    case 'AwardsDecided':
      return body(`${event.type}: ${facts.callTitle}`, `A step was recorded for ${call}.`);
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

export function renderAgreementNotificationEn(event: AgreementEventBody, title: string, link: string): RenderedNotification {
  const body = with_(link);
  const name = `"${title}"`;
  switch (event.type) {
    case 'AgreementProposed':
      return body(
        `Multi-year anchoring agreement proposed: ${title}`,
        `A ${event.payload.years}-year agreement is proposed to you: ${money(event.payload.yearlyAmountCents)} a year of operating costs from ${date(event.payload.startDate)}, with no yearly application. ` +
          (event.payload.coordination.mode === 'flat'
            ? `Coordination time: a flat ${money(event.payload.coordination.flatAmountCents)} a year.`
            : `Coordination time: ${money(event.payload.coordination.tokenValueCents)} per meeting attended, up to ${money(event.payload.coordination.yearlyCapCents)} a year.`),
      );
    case 'AgreementAccepted':
      return body(
        `Agreement accepted: ${title}`,
        `The association accepted the agreement ${name}.` +
          (event.payload.awaitingFunders?.length ? ` It still awaits each funder's acceptance of its line: ${event.payload.awaitingFunders.join(', ')}.` : ''),
      );
    case 'FundingLineAccepted':
      return body(
        `Funding line accepted: ${title}`,
        `${event.payload.funderId} accepts its line of the funding plan of the agreement ${name}.` +
          (event.payload.awaitingFunders.length
            ? ` The agreement still awaits: ${event.payload.awaitingFunders.join(', ')}.`
            : event.payload.associationAccepted
              ? ' Every party has accepted: the agreement is signed.'
              : " The agreement awaits the association's acceptance."),
      );
    case 'AgreementWithdrawn':
      return body(`Agreement withdrawn: ${title}`, `The agreement ${name} is withdrawn.\nReason: ${event.payload.reason}`);
    case 'OperatingTrancheOrdered':
      return body(
        `Tranche ${event.payload.released ? 'released' : 'ordered'}: year ${event.payload.year}, ${title}`,
        `The operating tranche of year ${event.payload.year} (${money(event.payload.amountCents)}) is ordered:\n` +
          event.payload.orders.map((o) => `- ${o.funderId}: ${money(o.amountCents)} (order ${o.paymentOrderId})`).join('\n'),
      );
    case 'OperatingTrancheWithheld':
      return body(
        `Tranche withheld: year ${event.payload.year}, ${title}`,
        `The tranche of year ${event.payload.year} (${money(event.payload.amountCents)}) is withheld: the activity report of year ${event.payload.missingReports.join(', ')} has not arrived. It is paid as soon as it does.`,
      );
    case 'CoordinationTokenCredited':
      return body(`Attendance token: ${title}`, `Attendance recorded at the meeting of ${date(event.payload.date)} (${event.payload.topic}).`);
    case 'CoordinationCompensationOrdered':
      return body(
        `Coordination time paid: year ${event.payload.year}, ${title}`,
        `The coordination compensation of year ${event.payload.year} is ${money(event.payload.amountCents)}` +
          (event.payload.tokens !== undefined ? ` (${event.payload.tokens} attendance token${event.payload.tokens > 1 ? 's' : ''})` : '') +
          (event.payload.proRata ? ', pro rata of the agreement' : '') +
          '.',
      );
    case 'ActivityReportReminderSent':
      return body(
        `Reminder: activity report of year ${event.payload.year}, ${title}`,
        `The activity report of year ${event.payload.year} is due by ${date(event.payload.dueAt)}. Without it, the next tranche is withheld.`,
      );
    case 'ActivityReportOverdue':
      return body(
        `Activity report overdue: year ${event.payload.year}, ${title}`,
        `The activity report of year ${event.payload.year} was due on ${date(event.payload.dueAt)}.`,
      );
    case 'ActivityReportSubmitted':
      return body(`Activity report received: year ${event.payload.year}, ${title}`, `The activity report of year ${event.payload.year} was submitted.`);
    case 'AmendmentProposed':
      return body(
        `Amendment proposed: ${title}`,
        `An amendment sets the yearly amount to ${money(event.payload.yearlyAmountCents)} from year ${event.payload.fromYear}. It awaits your agreement.` +
          (event.payload.awaitingFunders?.length ? `\nEach funder whose line changes gives its own: ${event.payload.awaitingFunders.join(', ')}.` : ''),
      );
    case 'AmendmentAgreed':
      return body(
        `Amendment: one more agreement, ${title}`,
        `${event.payload.side === 'association' ? 'The association' : event.payload.funderId} agrees to the amendment (${money(event.payload.yearlyAmountCents)} a year from year ${event.payload.fromYear}).` +
          (event.payload.awaitingFunders.length ? ` It still awaits: ${event.payload.awaitingFunders.join(', ')}.` : '') +
          (event.payload.associationAgreed ? '' : " It awaits the association's agreement."),
      );
    case 'AmendmentAccepted':
      return body(`Amendment signed: ${title}`, `The yearly amount is ${money(event.payload.yearlyAmountCents)} from year ${event.payload.fromYear}.`);
    case 'TerminationRequested':
      return body(
        `Termination ${event.payload.mode === 'notice' ? 'notified' : 'requested'}: ${title}`,
        (event.payload.mode === 'notice'
          ? `The agreement ends on ${date(event.payload.effectiveAt!)}.`
          : event.payload.awaiting
            ? event.payload.awaiting.length
              ? `A termination by mutual agreement is requested; it takes effect once every party has agreed (awaiting: ${event.payload.awaiting.map((p) => (p === 'association' ? 'the association' : p)).join(', ')}).`
              : 'Every party has agreed to the termination by mutual agreement: it takes effect.'
            : 'A termination by mutual agreement is proposed; it takes effect when the other party agrees.') + `\nReason: ${event.payload.reason}`,
      );
    case 'AgreementTerminated':
      return body(`Agreement terminated: ${title}`, `The agreement ${name} has ended; what was owed is ordered.\nReason: ${event.payload.reason}`);
    case 'AgreementCompleted':
      return body(
        `Agreement completed: ${title}`,
        `The agreement ${name} is completed: ${money(event.payload.operatingPaidCents)} of operating costs and ${money(event.payload.coordinationPaidCents)} of coordination paid.`,
      );
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

export function renderIncubationNotificationEn(event: CohortEventBody | IncubationEventBody, title: string, link: string): RenderedNotification {
  const body = with_(link);
  switch (event.type) {
    case 'CohortOpened':
      return body(
        `Incubation cohort open: ${title}`,
        `The cohort takes ${event.payload.capacity} projects; nominations until ${date(event.payload.nominationDeadline)}.`,
      );
    case 'ProjectNominated':
      return body(
        `Project nominated for incubation: ${event.payload.projectTitle}`,
        `The project "${event.payload.projectTitle}" (${event.payload.associationId}) is nominated for the cohort ${title}.`,
      );
    case 'ProjectSelected':
      return body(
        `Project selected for incubation: ${event.payload.projectTitle}`,
        `Your project is selected (${event.payload.selected}/${event.payload.capacity}).\nReason: ${event.payload.reason}`,
      );
    case 'CohortClosed':
      return body(
        `Cohort closed: ${title}`,
        `${event.payload.selected} project${event.payload.selected > 1 ? 's' : ''} selected out of ${event.payload.nominations} nominated.`,
      );
    case 'IncubationStarted':
      return body(`Incubation started: ${title}`, `The accompaniment of "${title}" starts: a mentor association will be proposed, then a support plan.`);
    case 'MentorAssigned':
      return body(`Mentor assigned: ${title}`, `The association ${event.payload.mentorAssociationId} mentors the project "${title}".`);
    case 'SupportPlanSet':
      return body(
        `Support plan: ${title}`,
        `Support: ${event.payload.supports.join(', ').replace(/_/g, ' ')}.\nMilestones:\n` +
          event.payload.milestones.map((m) => `- ${MILESTONE[m.name] ?? m.name}: by ${date(m.dueAt)}`).join('\n'),
      );
    case 'CheckInReminderSent':
      return body(`Check-in: ${title}`, `Time for a check-in between the project and its mentor (check-in #${event.payload.n}).`);
    case 'MilestoneCompleted':
      return body(
        `Milestone reached: ${title}`,
        `The ${MILESTONE[event.payload.milestone] ?? event.payload.milestone} milestone is reached.` + (event.payload.note ? `\n${event.payload.note}` : ''),
      );
    case 'MilestoneOverdue':
      return body(
        `Milestone overdue: ${title}`,
        `The ${MILESTONE[event.payload.milestone] ?? event.payload.milestone} milestone was due on ${date(event.payload.dueAt)}. A check-in with the mentor may help.`,
      );
    case 'FundingLeadRecorded':
      return body(`Funding lead: ${title}`, event.payload.description + (event.payload.openedId ? `\nRequest opened: ${event.payload.openedId}` : ''));
    case 'ImpactReportSubmitted':
      return body(`Impact report received: ${title}`, event.payload.summary);
    case 'IncubationGraduated':
      return body(`Project graduated: ${title}`, `The incubation of "${title}" ends.\nImpact: ${event.payload.impactSummary}`);
    case 'IncubationWithdrawn':
      return body(`Incubation stopped: ${title}`, `The incubation of "${title}" stops.\nReason: ${event.payload.reason}`);
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

export function renderOpenDataNotificationEn(event: OpenDataEventBody, funderName: string, link: string): RenderedNotification {
  const body = (subject: string, text: string): RenderedNotification => ({ subject, text: `${text}\n\nPublished data: ${link}` });
  const rows = (n: number) => (n === 1 ? '1 row' : `${n} rows`);
  switch (event.type) {
    case 'OpenDataPublished': {
      const n = event.payload.rows.length;
      const why =
        event.payload.trigger === 'deadline'
          ? 'The legal three months after signature are over: they were published by the platform.'
          : event.payload.trigger === 'automatic'
            ? 'Your settings publish conventions as soon as they are signed.'
            : 'Published by your organisation.';
      return body(`Essential data published: ${funderName}`, `${rows(n)} published in the SCDL "Subventions" format (open data). ${why}`);
    }
    case 'OpenDataReminderSent':
      return body(
        `Essential data to publish by ${date(event.payload.dueBy)}`,
        `${event.payload.rowIds.length === 1 ? '1 signed convention awaits' : `${event.payload.rowIds.length} signed conventions await`} publication as open data ` +
          '(required above 23,000 EUR a year, within three months of signature). Publish them, or the platform will at the deadline.',
      );
    case 'OpenDataPublicationBlocked':
      return body(
        `Publication of essential data blocked: ${funderName}`,
        `${rows(event.payload.rowIds.length)} could not be published at the legal deadline.\nReason: ${event.payload.reason}.`,
      );
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}
