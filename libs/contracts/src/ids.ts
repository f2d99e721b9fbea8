/** Business ids are workflow ids: a repeated request can never start a second lifecycle. */
export const TASK_QUEUE = 'grants';

export function isMicroGrantId(value: string): boolean {
  return /^mg-[0-9a-f-]{36}$/.test(value);
}

export function envelopeWorkflowId(binomeId: string, year: number): string {
  return `envelope-${binomeId}-${year}`;
}

export function binomeIdOf(territoryId: string): string {
  return `binome-${territoryId}`;
}
