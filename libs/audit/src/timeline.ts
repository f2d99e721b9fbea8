import { HistoryJson, decodePayloads } from './history';

/** One decision or fact read from a workflow history: who, what, when, why. */
export interface TimelineEntry {
  eventId: number;
  at: string;
  what: string;
  who?: string;
  role?: string;
  details?: Record<string, unknown>;
}

// History attributes are deeply nested protojson: read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Attributes = Record<string, any>;

const INTERNAL_UPDATES = new Set(['intake']);

/**
 * The decision timeline of a run, read from the history alone: the request (workflow input), every
 * accepted update (a person's decision or report) and signal, answers of the activities that decide
 * something (the envelope), deadlines that fired, and the outcome.
 */
export function decisionTimeline(history: HistoryJson): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const activityTypes = new Map<string, string>();
  const updateOutcome = new Map<string, 'accepted' | 'completed' | 'failed'>();
  for (const event of history.events) {
    const eventId = Number(event.eventId);
    const at = event.eventTime;
    const attrs = (key: string): Attributes => (event[key] ?? {}) as Attributes;
    switch (event.eventType) {
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED': {
        const a = attrs('workflowExecutionStartedEventAttributes');
        const [input] = decodePayloads(a.input) as [Attributes | undefined];
        if (a.continuedExecutionRunId) {
          entries.push({ eventId, at, what: 'continued as new', details: { previousRunId: a.continuedExecutionRunId } });
        } else {
          entries.push({ eventId, at, what: 'requested', who: input?.requestedBy, role: input?.requestedBy ? 'association' : undefined, details: input });
        }
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED': {
        const a = attrs('activityTaskScheduledEventAttributes');
        activityTypes.set(String(eventId), a.activityType?.name);
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED': {
        const a = attrs('activityTaskCompletedEventAttributes');
        const [result] = decodePayloads(a.result) as [Attributes | undefined];
        const answer = activityAnswer(activityTypes.get(String(a.scheduledEventId)), result);
        if (answer) entries.push({ eventId, at, ...answer });
        break;
      }
      case 'EVENT_TYPE_MARKER_RECORDED': {
        // A local activity (a micro-grant's payment order, since its local steps): its type in the
        // marker's data, its answer in the marker's result.
        const a = attrs('markerRecordedEventAttributes');
        if (a.markerName !== 'core_local_activity') break;
        const [data] = decodePayloads(a.details?.data) as [Attributes | undefined];
        const [result] = decodePayloads(a.details?.result) as [Attributes | undefined];
        const answer = activityAnswer(data?.activity_type, result);
        if (answer) entries.push({ eventId, at, ...answer });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
        const a = attrs('workflowExecutionUpdateAcceptedEventAttributes');
        const name: string = a.acceptedRequest?.input?.name;
        const updateId: string = a.acceptedRequest?.meta?.updateId;
        updateOutcome.set(updateId, 'accepted');
        if (INTERNAL_UPDATES.has(name)) break;
        const [command] = decodePayloads(a.acceptedRequest?.input?.args) as [Attributes | undefined];
        entries.push({
          eventId,
          at,
          what: name === 'decide' ? `decision: ${command?.decision}` : name === 'submitReport' ? 'report submitted' : `update ${name}`,
          who: command?.actorId,
          role: command?.role ?? (name === 'submitReport' ? 'association' : undefined),
          details: { update: name, updateId, ...command },
        });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED': {
        const a = attrs('workflowExecutionSignaledEventAttributes');
        entries.push({ eventId, at, what: `signal ${a.signalName}`, details: { args: decodePayloads(a.input) } });
        break;
      }
      case 'EVENT_TYPE_TIMER_FIRED':
        entries.push({ eventId, at, what: 'deadline passed' });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED': {
        const [result] = decodePayloads(attrs('workflowExecutionCompletedEventAttributes').result) as [Attributes | undefined];
        entries.push({ eventId, at, what: `ended: ${result?.status ?? 'completed'}`, details: result?.status ? { status: result.status } : undefined });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW':
        entries.push({ eventId, at, what: 'continued as new' });
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED':
        entries.push({ eventId, at, what: event.eventType.replace('EVENT_TYPE_WORKFLOW_EXECUTION_', 'ended: ').toLowerCase() });
        break;
      default:
        break;
    }
  }
  return entries;
}

/** What an activity that decides something answered (the envelope, the payment order); null for the others. */
function activityAnswer(type: string | undefined, result: Attributes | undefined): Omit<TimelineEntry, 'eventId' | 'at'> | null {
  if (type === 'reserveEnvelopeFunds') {
    return {
      what: result?.outcome === 'reserved' ? 'funds reserved in the envelope' : 'escalated to standard instruction',
      role: 'envelope',
      details: result,
    };
  }
  if (type === 'issuePaymentOrder') return { what: 'payment ordered', details: result };
  return null;
}

/** A stored domain event, as GET /grants/:id/events shows it. */
export interface DomainEventView {
  seq: number;
  type: string;
  actor: { kind: string; id: string; role?: string };
  payload: Record<string, unknown> & { role?: string; decision?: string; reason?: string };
  occurredAt: string;
}

/**
 * Checks that the stored domain events tell the same story as the history: every decision and
 * report in the history has its event with the same person, verdict and reason, and the reverse.
 */
export function compareWithDomainEvents(timeline: readonly TimelineEntry[], events: readonly DomainEventView[]): string[] {
  const mismatches: string[] = [];
  const decisions = timeline.filter((e) => e.details?.update === 'decide');
  const recorded = events.filter((e) => e.type === 'MicroGrantDecisionRecorded');
  for (const decision of decisions) {
    const match = recorded.find(
      (e) =>
        e.payload.role === decision.role &&
        e.payload.decision === decision.details?.decision &&
        e.actor.id === decision.who &&
        (e.payload.reason ?? '') === String(decision.details?.reason ?? '').trim(),
    );
    if (!match) {
      mismatches.push(
        `history event ${decision.eventId}: ${decision.role} ${decision.who} decided "${decision.details?.decision}" but no stored event records it`,
      );
    }
  }
  for (const event of recorded) {
    const match = decisions.find((d) => d.role === event.payload.role && d.who === event.actor.id && d.details?.decision === event.payload.decision);
    if (!match) mismatches.push(`stored event #${event.seq}: ${event.payload.role} "${event.payload.decision}" is not in the history`);
  }
  const reports = timeline.filter((e) => e.details?.update === 'submitReport').length;
  const storedReports = events.filter((e) => e.type === 'ReportSubmitted').length;
  if (reports !== storedReports) mismatches.push(`the history has ${reports} report(s), the stored events ${storedReports}`);
  const ended = [...timeline].reverse().find((e) => e.what.startsWith('ended: '));
  const finalStored = [...events].reverse().find((e) => STATUS_OF_EVENT[e.type]);
  if (ended?.details?.status && finalStored && STATUS_OF_EVENT[finalStored.type] !== ended.details.status) {
    mismatches.push(`the history ends ${ended.details.status}, the stored events end ${STATUS_OF_EVENT[finalStored.type]} (#${finalStored.seq})`);
  }
  return mismatches;
}

const STATUS_OF_EVENT: Record<string, string> = {
  MicroGrantEscalated: 'escalated',
  MicroGrantRejected: 'rejected',
  MicroGrantExpired: 'expired',
  ReportSubmitted: 'closed',
};
