import type { GrantKind, GrantView } from './events';

/** What a row needs of the event it follows. */
interface RowEvent {
  grantId: string;
  kind: GrantKind;
  type: string;
  occurredAt: string;
  seq: number;
}

/** The row of a grant opened by this event: what the path says of it, its id, dates and sequence from the event. */
export function openedRow(
  event: RowEvent,
  row: Pick<GrantView, 'status' | 'title' | 'associationId' | 'territoryId' | 'amountCents' | 'funderIds' | 'memberIds'> & Partial<Pick<GrantView, 'binomeId'>>,
): GrantView {
  return {
    id: event.grantId,
    kind: event.kind,
    binomeId: null,
    paymentOrderId: null,
    reportDueAt: null,
    ...row,
    createdAt: event.occurredAt,
    updatedAt: event.occurredAt,
    lastSeq: event.seq,
  };
}

/** The row a later event starts from (its date and sequence moved on); an event before the opening one is refused. */
export function nextRow(view: GrantView | null, event: RowEvent): GrantView {
  if (!view) throw new Error(`event ${event.type} #${event.seq} of ${event.grantId} comes before the grant was requested`);
  return { ...view, updatedAt: event.occurredAt, lastSeq: event.seq };
}

/**
 * Whether an event is one of a stream's, from the record of that stream's event types (a
 * `Record` over the union's types: the compiler names a type missing or unknown).
 */
export function eventsOf<T extends string>(types: Record<T, true>): <E extends { type: string }>(event: E) => event is Extract<E, { type: T }> {
  return <E extends { type: string }>(event: E): event is Extract<E, { type: T }> => Object.prototype.hasOwnProperty.call(types, event.type);
}

/** A path's state as readers see it: without the count of events its recorder keeps (`lastSeq`, the steps' names). */
export function withoutSeq<S extends { lastSeq: number }>(state: S): Omit<S, 'lastSeq'> {
  const { lastSeq: _seq, ...rest } = state;
  return rest;
}
