import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

let stack: TestStack;
let territory: Territory;
const metricsAt = { api: '', worker: '' };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const tokens = {
  association: () => stack.token({ role: 'association', org: territory.associations[0].id, sub: `user-${territory.associations[0].id}` }),
  lead: () => stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` }),
  delegate: () => stack.token({ role: 'prefect_delegate', territory: territory.id, sub: `pd-${territory.id}` }),
};

/** The JSON lines of a process's output (anything else, such as a stack trace's lines, left out). */
function jsonLines(log: string): Record<string, any>[] {
  return log.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as Record<string, any>];
    } catch {
      return [];
    }
  });
}

/** Waits until a line of `process` matches. */
async function logLine(process: 'api' | 'worker', match: (line: Record<string, any>) => boolean): Promise<Record<string, any>> {
  let found: Record<string, any> | undefined;
  await stack.eventually(
    async () => (found = jsonLines(stack[process]!.log).find(match)),
    (line) => line !== undefined,
    30_000,
  );
  return found!;
}

/** The ids of the workflows a visibility query finds (the index follows within a second or so). */
async function found(query: string, id: string): Promise<boolean> {
  for await (const execution of stack.client.workflow.list({ query })) if (execution.workflowId === id) return true;
  return false;
}

async function post(path: string, token: string, body: unknown, requestId?: string): Promise<Response> {
  return fetch(`${stack.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify(body),
  });
}

/** A micro-grant request of the territory's first association (with a request id of the caller's, or none). */
async function requestGrant(title: string, requestId?: string): Promise<{ response: Response; id: string; status: string }> {
  const response = await post(
    '/micro-grants',
    tokens.association(),
    { binomeId: territory.binomeId, title, purpose: 'Atelier de quartier', amountCents: 50_000 },
    requestId,
  );
  expect(response.status).toBe(201);
  const { id, status } = (await response.json()) as { id: string; status: string };
  return { response, id, status };
}

beforeAll(async () => {
  metricsAt.api = `127.0.0.1:${await freePort()}`;
  metricsAt.worker = `127.0.0.1:${await freePort()}`;
  // The processes log at the info level here, in JSON lines (the default format), and serve their metrics.
  stack = new TestStack({ LOG_LEVEL: 'log', API_METRICS_ADDRESS: metricsAt.api, WORKER_METRICS_ADDRESS: metricsAt.worker });
  await stack.start();
  // Its accounts (the association's, the project lead's, the prefect's delegate's) are the tokens' subjects.
  territory = await ownTerritory(stack, `ops-${randomUUID().slice(0, 8)}`);
});

afterAll(async () => {
  await stack.stop();
});

describe('operating the engine', () => {
  it('follows a request by its id from the API into the workflow and its activities, in JSON log lines', async () => {
    const requestId = `it-${randomUUID()}`;
    const { response, id } = await requestGrant('Repair café', requestId);
    expect(response.headers.get('x-request-id')).toBe(requestId);

    // The API's access line: one JSON object, with the request's id, its route and answer.
    const access = await logLine('api', (l) => l.message === 'request' && l.requestId === requestId);
    expect(access).toMatchObject({ level: 'log', service: 'api', context: 'http', method: 'POST', path: '/micro-grants', status: 201 });
    expect(access.durationMs).toEqual(expect.any(Number));

    // The workflow logs each event it records with the id of the request that caused it, with its own attributes.
    const recorded = await logLine('worker', (l) => l.message === 'event recorded' && l.workflowId === id && l.eventType === 'MicroGrantRequested');
    expect(recorded).toMatchObject({ service: 'worker', requestId, workflowType: 'microGrantWorkflow', streamId: id, step: 'e1' });

    // A later command is its own request: its events carry its id, not the first one's.
    const decisionId = `it-${randomUUID()}`;
    const decided = await post(`/micro-grants/${id}/decisions`, tokens.lead(), { decision: 'approve' }, decisionId);
    expect(decided.status).toBe(200);
    const decision = await logLine('worker', (l) => l.message === 'event recorded' && l.workflowId === id && l.eventType === 'MicroGrantDecisionRecorded');
    expect(decision.requestId).toBe(decisionId);
  });

  it('answers a request id of its own when the caller sends none or one that is not sensible', async () => {
    const none = await fetch(`${stack.baseUrl}/health`);
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const odd = await fetch(`${stack.baseUrl}/health`, { headers: { 'x-request-id': 'a b <script>' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await fetch(`${stack.baseUrl}/health`, { headers: { 'x-request-id': 'x'.repeat(129) } });
    expect(long.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('finds lifecycles in Temporal by kind, status, territory and association, the status following the lifecycle', async () => {
    const { id, status } = await requestGrant('Jardin partagé');
    expect(status).toBe('awaiting_decisions');
    const where = `GrantKind = 'micro_grant' AND Territory = '${territory.id}' AND Association = '${territory.associations[0].id}'`;
    await stack.eventually(
      () => found(`${where} AND GrantStatus = 'awaiting_decisions'`, id),
      (yes) => yes,
      20_000,
    );

    expect((await post(`/micro-grants/${id}/decisions`, tokens.lead(), { decision: 'approve' })).status).toBe(200);
    expect((await post(`/micro-grants/${id}/decisions`, tokens.delegate(), { decision: 'approve' })).status).toBe(200);
    await stack.eventually(
      () => found(`${where} AND GrantStatus = 'paid'`, id),
      (yes) => yes,
      20_000,
    );
    expect(await found(`${where} AND GrantStatus = 'awaiting_decisions'`, id)).toBe(false);
    // Another territory's query does not find it.
    expect(await found(`GrantKind = 'micro_grant' AND Territory = 'elsewhere'`, id)).toBe(false);
  });

  it('serves Prometheus metrics from the API and the worker on their own addresses, not on the public port', async () => {
    const { id } = await requestGrant('Ciné-club');
    expect((await fetch(`${stack.baseUrl}/micro-grants/${id}`, { headers: { authorization: `Bearer ${tokens.association()}` } })).status).toBe(200);

    const api = await (await fetch(`http://${metricsAt.api}/metrics`)).text();
    // HTTP answers by route pattern (never the grant's id), the Temporal client's calls, the process's own.
    expect(api).toMatch(/http_server_request_duration_seconds_count\{[^}]*method="POST",route="\/micro-grants",status="201"[^}]*\} [1-9]/);
    expect(api).toMatch(/http_server_request_duration_seconds_count\{[^}]*method="GET",route="\/micro-grants\/:id",status="200"[^}]*\} [1-9]/);
    expect(api).not.toContain(id);
    expect(api).toMatch(/temporal_client_request_duration_seconds_count\{[^}]*operation="updateWithStart",outcome="ok"[^}]*\} [1-9]/);
    expect(api).toMatch(/nodejs_eventloop_lag_seconds\{/);

    // The worker's come from the Temporal SDK: workflow tasks and activities of its task queue.
    const worker = await stack.eventually(
      async () => (await fetch(`http://${metricsAt.worker}/metrics`)).text(),
      (text) => /temporal_local_activity_execution_latency/.test(text),
      20_000,
    );
    expect(worker).toMatch(new RegExp(`temporal_workflow_task_execution_latency[a-z_]*\\{[^}]*task_queue="${stack.taskQueue}"`));
    expect(worker).toMatch(/temporal_activity_execution_latency[a-z_]*\{[^}]*activity_type="reserveEnvelopeFunds"/);
    // A micro-grant records its events as local activities.
    expect(worker).toMatch(/temporal_local_activity_execution_latency[a-z_]*\{[^}]*activity_type="recordMicroGrantEvent"/);

    // Off the public port.
    expect((await fetch(`${stack.baseUrl}/metrics`)).status).toBe(404);
  });
});
