import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The HTTP header a request id comes in and goes back out in. */
export const REQUEST_ID_HEADER = 'X-Request-Id';

const requests = new AsyncLocalStorage<{ requestId: string }>();

/** Runs `task` (and everything it awaits) as the work of request `requestId`. */
export function withRequestId<T>(requestId: string | undefined, task: () => T): T {
  return requestId ? requests.run({ requestId }, task) : task();
}

/** The id of the request whose work this is, if any. */
export function currentRequestId(): string | undefined {
  return requests.getStore()?.requestId;
}

/**
 * The id a request goes by: the caller's `X-Request-Id` when it is a sensible one (a proxy's or a
 * client's, up to 128 letters, digits and `._:-`), else a new UUID. Anything else is not echoed
 * into logs and headers.
 */
export function acceptedRequestId(header: unknown): string {
  const given = Array.isArray(header) ? header[0] : header;
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}
