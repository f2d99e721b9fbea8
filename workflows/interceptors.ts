import type { Headers } from '@temporalio/common';
import { AsyncLocalStorage, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { requestIdOfHeaders, withRequestIdHeader } from '@grants/contracts';

/**
 * The workflows' interceptors (bundled with them): the id of the HTTP request that started the
 * lifecycle, or sent the update or signal being handled, is the workflow's log attribute
 * `requestId`, and goes on in the headers of the activities, child workflows, signals and the next
 * run it leads to. Headers change no command: recorded histories replay the same.
 */
const requests = new AsyncLocalStorage<string>();

function within<T>(headers: Headers, next: () => T): T {
  const requestId = requestIdOfHeaders(headers);
  return requestId ? requests.run(requestId, next) : next();
}

const passedOn = (headers: Headers): Headers => withRequestIdHeader(headers, requests.getStore());

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      execute: (input, next) => within(input.headers, () => next(input)),
      handleUpdate: (input, next) => within(input.headers, () => next(input)),
      handleSignal: (input, next) => within(input.headers, () => next(input)),
    },
  ],
  outbound: [
    {
      scheduleActivity: (input, next) => next({ ...input, headers: passedOn(input.headers) }),
      scheduleLocalActivity: (input, next) => next({ ...input, headers: passedOn(input.headers) }),
      startChildWorkflowExecution: (input, next) => next({ ...input, headers: passedOn(input.headers) }),
      signalWorkflow: (input, next) => next({ ...input, headers: passedOn(input.headers) }),
      continueAsNew: (input, next) => next({ ...input, headers: passedOn(input.headers) }),
      getLogAttributes: (attributes, next) => {
        const requestId = requests.getStore();
        return next(requestId ? { ...attributes, requestId } : attributes);
      },
    },
  ],
});
