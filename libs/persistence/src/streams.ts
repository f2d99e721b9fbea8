import { EntityManager } from 'typeorm';
import { CallView, CohortView, GrantEventDraft, GrantKind, GrantView, projectCall, projectCohort, projectGrant } from '@grants/domain';
import { loadCallView, loadCohortView, loadGrantView, saveCallView, saveCohortView, saveFundedPeriods, saveGrantView } from './grant-views';
import { ModuleStream, rebuildModuleStream } from './module-streams';
import { TASK_FORCE_STREAM } from './task-forces';
import { CONTRIBUTION_STREAM } from './contributions';
import { REFERRAL_STREAM } from './referrals';
import { CODIR_STREAM } from './codirs';
import { MISSION_SHEET_STREAM } from './mission-sheets';
import { COPIL_STREAM } from './copils';

/** An event as the log holds it, with its sequence number in its stream. */
export type StoredEvent = GrantEventDraft & { seq: number };

/**
 * A funding path's stream as the read model keeps it: the kinds of stream it takes, how an event
 * changes its row, where that row is read and written, and what else an event writes beside it.
 * Appending an event and rebuilding the read model go through this registry, not through a choice
 * on the kind written in each.
 */
export interface ProjectedStream<V extends { id: string }> {
  kinds: readonly GrantKind[];
  table: string;
  project(view: V | null, event: StoredEvent): V;
  load(em: EntityManager, id: string): Promise<V | null>;
  save(em: EntityManager, view: V): Promise<void>;
  /** What else an event writes beside its row, in the same transaction (an award's funded periods). */
  alongside?: { write(em: EntityManager, view: V, event: StoredEvent): Promise<void>; table: string };
}

/** The grants of the four paths (micro-grants, consortium applications, anchoring agreements, incubated projects): the `grants` table. */
export const GRANTS_STREAM: ProjectedStream<GrantView> = {
  kinds: ['micro_grant', 'consortium_application', 'anchoring_agreement', 'incubation'],
  table: 'grants',
  project: (view, event) => projectGrant(view, event),
  load: loadGrantView,
  save: saveGrantView,
  alongside: {
    // An award funds each member for the action's period: what the double-funding check reads.
    table: 'funded_periods',
    write: async (em, view, event) => {
      if (event.type !== 'ApplicationAwarded') return;
      const p = event.payload;
      const members = p.payments.map((m) => ({ associationId: m.associationId, amountCents: m.awardCents }));
      await saveFundedPeriods(em, view.id, view.title, { start: p.actionStart, end: p.actionEnd }, members);
    },
  },
};

/** Calls for projects: the `calls` table. */
export const CALLS_STREAM: ProjectedStream<CallView> = {
  kinds: ['call'],
  table: 'calls',
  project: (view, event) => projectCall(view, event),
  load: loadCallView,
  save: saveCallView,
};

/** Incubation cohorts: the `incubation_cohorts` table. */
export const COHORTS_STREAM: ProjectedStream<CohortView> = {
  kinds: ['incubation_cohort'],
  table: 'incubation_cohorts',
  project: (view, event) => projectCohort(view, event),
  load: loadCohortView,
  save: saveCohortView,
};

/** Every funding path's stream. */
export const PROJECTED_STREAMS: readonly ProjectedStream<{ id: string }>[] = [GRANTS_STREAM, CALLS_STREAM, COHORTS_STREAM] as never;

/** The governance processes' streams (a module each: its state as JSON beside the columns lists filter on), with the name their rebuild reports under. */
export const MODULE_STREAMS: readonly { name: string; stream: ModuleStream<never, never> }[] = [
  { name: 'task force', stream: TASK_FORCE_STREAM as never },
  { name: 'contribution', stream: CONTRIBUTION_STREAM as never },
  { name: 'referral', stream: REFERRAL_STREAM as never },
  { name: 'CODIR', stream: CODIR_STREAM as never },
  { name: 'mission sheet', stream: MISSION_SHEET_STREAM as never },
  { name: 'Copil', stream: COPIL_STREAM as never },
];

/** The funding path's stream that keeps events of this kind, if one does. */
export function projectedStreamOf(kind: GrantKind): ProjectedStream<{ id: string }> | undefined {
  return PROJECTED_STREAMS.find((stream) => stream.kinds.includes(kind));
}

/** Projects one appended event onto its path's read model, in the caller's transaction. */
export async function projectAppended(em: EntityManager, event: StoredEvent): Promise<void> {
  const stream = projectedStreamOf(event.kind);
  if (!stream) throw new Error(`no read model keeps events of kind ${event.kind}`);
  const view = stream.project(await stream.load(em, event.grantId), event);
  await stream.save(em, view);
  await stream.alongside?.write(em, view, event);
}

/**
 * Each funding path's rows folded again from its events (ordered by stream and seq), written in
 * place of the live ones (rows with no event are removed), what they write alongside cleared and
 * written again. Returns the folded rows per stream, for the caller to compare.
 */
export async function rebuildProjectedStreams(
  em: EntityManager,
  events: readonly StoredEvent[],
): Promise<Map<ProjectedStream<{ id: string }>, Map<string, { id: string }>>> {
  const rebuilt = new Map<ProjectedStream<{ id: string }>, Map<string, { id: string }>>();
  const alongside: { stream: ProjectedStream<{ id: string }>; view: { id: string }; event: StoredEvent }[] = [];
  for (const stream of PROJECTED_STREAMS) rebuilt.set(stream, new Map());
  for (const event of events) {
    const stream = projectedStreamOf(event.kind);
    if (!stream) continue;
    const rows = rebuilt.get(stream)!;
    const view = stream.project(rows.get(event.grantId) ?? null, event);
    rows.set(event.grantId, view);
    if (stream.alongside) alongside.push({ stream, view, event });
  }
  for (const [stream, rows] of rebuilt) {
    await em.query(`DELETE FROM ${stream.table} WHERE NOT (id = ANY($1))`, [[...rows.keys()]]);
    for (const view of rows.values()) await stream.save(em, view);
    if (stream.alongside) await em.query(`DELETE FROM ${stream.alongside.table}`);
  }
  for (const { stream, view, event } of alongside) await stream.alongside!.write(em, view, event);
  return rebuilt;
}

/** Each governance process's rows rebuilt from its events; the rows that differed, named. */
export async function rebuildModuleStreams(em: EntityManager): Promise<string[]> {
  const differences: string[] = [];
  for (const { name, stream } of MODULE_STREAMS) {
    const rebuilt = await rebuildModuleStream(em, stream);
    differences.push(...rebuilt.differences.map((d) => `${name} ${d}`));
  }
  return differences;
}
