import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { TestStack } from '../support/stack';
import { ownTerritory, Territory } from '../support/territory';

/** A span as an OTLP/HTTP receiver gets it (JSON), with the service that sent it. */
interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A collector of its own: an OTLP/HTTP endpoint keeping every span it is sent. */
const spans: ReceivedSpan[] = [];
let collector: Server;
let stack: TestStack;
let territory: Territory;

function receive(body: any): void {
  for (const resourceSpans of body.resourceSpans ?? []) {
    const service = (resourceSpans.resource?.attributes ?? []).find((a: any) => a.key === 'service.name')?.value?.stringValue ?? '?';
    for (const scope of resourceSpans.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        spans.push({ service, traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name });
      }
    }
  }
}

beforeAll(async () => {
  collector = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) receive(JSON.parse(text));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
  const { port } = collector.address() as { port: number };
  // Traces on: both processes export to the collector, in batches every 200 ms.
  stack = new TestStack({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_BSP_SCHEDULE_DELAY: '200' });
  await stack.start();
  territory = await ownTerritory(stack, `trace-${randomUUID().slice(0, 8)}`);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  collector?.close();
});

describe('traces (OpenTelemetry, when configured)', () => {
  it('follow each request from the API into the workflow and its activities, one trace per request', async () => {
    const association = territory.associations[0].id;
    const token = stack.token({ role: 'association', org: association, sub: `user-${association}` });
    const created = await stack.request('POST', '/micro-grants', {
      token,
      body: { binomeId: territory.binomeId, title: 'Atelier vélo', purpose: 'Pièces et outils', amountCents: 70_000 },
    });
    expect(created.status).toBe(201);
    // The project lead's refusal ends the lifecycle (its run's span ends with it): a second request, a second trace.
    const lead = stack.token({ role: 'project_lead', territory: territory.id, sub: `pl-${territory.id}` });
    const refused = await stack.request('POST', `/micro-grants/${created.body.id}/decisions`, {
      token: lead,
      body: { decision: 'reject', reason: 'Hors priorités' },
    });
    expect(refused.status).toBe(200);

    /** The API's span of the request `method` and its Temporal call `call`, child of it. */
    const requestSpan = async (call: RegExp) => {
      const client = await stack.eventually(
        async () => spans.find((s) => s.service === 'grants-api' && call.test(s.name) && spans.some((p) => p.spanId === s.parentSpanId && /POST/.test(p.name))),
        (span) => span !== undefined,
        30_000,
      );
      return spans.find((s) => s.spanId === client!.parentSpanId)!;
    };
    /** The names of the spans of a trace, once `expected` are all there. */
    const traceOf = (traceId: string, expected: string[]) =>
      stack.eventually(
        async () => spans.filter((s) => s.traceId === traceId),
        (trace) => expected.every((name) => trace.some((s) => s.name === name)),
        30_000,
      );

    // The request: its API span, the update-with-start, then in the worker the run, its handler, each event recorded.
    const start = await requestSpan(/^UpdateWithStartWorkflow:intake$/);
    const first = await traceOf(start.traceId, [
      'UpdateWithStartWorkflow:intake',
      'RunWorkflow:microGrantWorkflow',
      'HandleUpdate:intake',
      'StartActivity:recordMicroGrantEvent',
      'RunActivity:recordMicroGrantEvent',
    ]);
    expect(new Set(first.map((s) => s.service))).toEqual(new Set(['grants-api', 'grants-worker']));
    // One tree: every span but the request's hangs from another span of the same trace.
    for (const span of first.filter((s) => s !== start)) expect(first.some((p) => p.spanId === span.parentSpanId)).toBe(true);

    // The refusal is its own trace: its handler and the event it recorded, not the first request's.
    const decision = await requestSpan(/^StartWorkflowUpdate:decide$/);
    expect(decision.traceId).not.toBe(start.traceId);
    await traceOf(decision.traceId, ['StartWorkflowUpdate:decide', 'HandleUpdate:decide', 'RunActivity:recordMicroGrantEvent']);
  });
});
