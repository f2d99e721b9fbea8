import { CopilState, CopilStatus } from './copil.state';

/** One row of the Copils' read model. */
export interface CopilView {
  id: string;
  territoryId: string;
  year: number;
  status: CopilStatus;
  /** Rounds taking candidacies or to designate. */
  openRounds: number;
  runningMandates: number;
  meetingsHeld: number;
  adoptedAxes: number;
  /** The next date that matters: candidacies due, the next meeting, the next mandate's end. */
  nextDueAt: string | null;
  createdAt: string;
  updatedAt: string;
  lastSeq: number;
}

function nextDueAt(s: CopilState): string | null {
  const dates = [
    ...s.rounds.filter((r) => r.status === 'open').map((r) => r.candidaciesDueAt),
    ...s.meetings.filter((m) => m.status === 'scheduled').map((m) => m.at),
    ...s.mandates.filter((m) => m.status === 'running').map((m) => m.endsAt),
  ].sort();
  return dates[0] ?? null;
}

export function copilView(s: CopilState): CopilView {
  return {
    id: s.id,
    territoryId: s.territoryId,
    year: s.year,
    status: s.status,
    openRounds: s.rounds.filter((r) => r.status === 'open' || r.status === 'designating').length,
    runningMandates: s.mandates.filter((m) => m.status === 'running').length,
    meetingsHeld: s.meetings.filter((m) => m.status === 'held').length,
    adoptedAxes: s.meetings.reduce((n, m) => n + m.decisions.filter((d) => d.adopted).length, 0),
    nextDueAt: nextDueAt(s),
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    lastSeq: s.lastSeq,
  };
}
