import type { WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { REQUEST_ID_TEMPORAL_HEADER, currentRequestId, withRequestId } from './request-context';

/** The headers with the current request's id added (unchanged outside a request). */
function withRequestHeader(headers: Headers): Headers {
  const requestId = currentRequestId();
  return requestId ? { ...headers, [REQUEST_ID_TEMPORAL_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/** The request id a Temporal header carries, if any. */
export function requestIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[REQUEST_ID_TEMPORAL_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

/**
 * The Temporal client's interceptor (API, worker): every start, update, signal and query sent while
 * serving a request carries the request's id in its headers, for the workflow's and its activities'
 * logs. Headers are not payloads of the lifecycle: they change no command and no recorded history.
 */
export function requestIdClientInterceptor(): WorkflowClientInterceptor {
  return {
    start: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startWithDetails: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startUpdate: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: withRequestHeader(input.workflowStartHeaders), updateHeaders: withRequestHeader(input.updateHeaders) }),
    signal: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    signalWithStart: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
    query: (input, next) => next({ ...input, headers: withRequestHeader(input.headers) }),
  };
}

/**
 * The worker's activity interceptor: an activity runs as the work of the request its workflow
 * passed on (its logs, and the workflows it starts, carry the id).
 */
export const requestIdActivityInterceptor: ActivityInterceptorsFactory = () => {
  let requestId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        requestId = requestIdOf(input.headers);
        return withRequestId(requestId, () => next(input));
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestId ? { ...attributes, requestId } : attributes),
    },
  };
};
