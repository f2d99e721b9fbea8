/**
 * Domain errors carry a code that the API maps to an HTTP status and workflows carry as the
 * ApplicationFailure type. Domain code never throws HTTP exceptions.
 */
export type DomainErrorCode = 'validation' | 'unauthorized' | 'forbidden' | 'not_found' | 'conflict' | 'unavailable';

export const DOMAIN_ERROR_CODES: readonly DomainErrorCode[] = ['validation', 'unauthorized', 'forbidden', 'not_found', 'conflict', 'unavailable'];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainErrorCode(value: unknown): value is DomainErrorCode {
  return typeof value === 'string' && (DOMAIN_ERROR_CODES as readonly string[]).includes(value);
}
