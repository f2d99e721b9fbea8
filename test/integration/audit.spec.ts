import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { TestStack } from '../support/stack';
import { recordHistory } from '../support/histories';
import { testEnv } from '../support/env';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
/** One replay at a time, one waiting: the test of bounded replays sends more. */
const TEMPORAL_UI = 'http://localhost:18233';
const stack = new TestStack({ REPLAY_CONCURRENCY: '1', REPLAY_QUEUE: '1', TEMPORAL_CODEC_ORIGINS: TEMPORAL_UI });
const base64 = (text: string) => Buffer.from(text).toString('base64');

const decoded = (payload: { data: string }): string => Buffer.from(payload.data, 'base64').toString('utf8');

/**
 * A history's text without what Temporal keeps in clear by design, never passed through our codec,
 * each checked to say nothing of a grant's content: the names of the code versions a run took (a
 * `patched()` marker, the TemporalChangeVersion search attribute), the lifecycle's search attributes
 * (Temporal indexes them: a kind, a status, territory, association and funder ids), the request
 * id header (an id), and a local activity marker's data (the activity's type, attempt and times; its
 * answer is encrypted).
 */
function withoutPlainMetadata(text: string): string {
  const history = JSON.parse(text) as { events: Record<string, any>[] };
  const marker = (e: Record<string, any>): string | undefined =>
    e.markerRecordedEventAttributes?.markerName === 'core_patch'
      ? e.markerRecordedEventAttributes.details['patch-data'].payloads[0].data
      : e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields?.TemporalChangeVersion?.data;
  const searchAttributes = (e: Record<string, any>): Record<string, { data: string }> | undefined => {
    const fields = e.upsertWorkflowSearchAttributesEventAttributes?.searchAttributes?.indexedFields;
    return fields && !fields.TemporalChangeVersion ? fields : undefined;
  };
  const dropRequestIds = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const header = (node as { header?: { fields?: Record<string, { data: string }> } }).header?.fields;
    if (header?.['request-id']) {
      expect(decoded(header['request-id'])).toMatch(/^"[A-Za-z0-9._:-]{1,128}"$/);
      delete header['request-id'];
    }
    Object.values(node).forEach(dropRequestIds);
  };
  for (const event of history.events) {
    const data = marker(event);
    if (data !== undefined)
      expect(Buffer.from(data, 'base64').toString('utf8')).toMatch(/^(\{"id":"[a-z-]+","deprecated":(true|false)\}|\["[a-z-]+"(,"[a-z-]+")*\])$/);
    for (const [name, value] of Object.entries(searchAttributes(event) ?? {})) {
      expect(['GrantKind', 'GrantStatus', 'Territory', 'Association', 'Funder']).toContain(name);
      expect(decoded(value)).toMatch(/^("[a-z_]+"|\["[a-z0-9-]+"(,"[a-z0-9-]+")*\])$/);
    }
    dropRequestIds(event);
    // A local activity's marker: the core's own data in clear (its type, attempt, times), its answer encrypted.
    const local = event.markerRecordedEventAttributes?.markerName === 'core_local_activity' ? event.markerRecordedEventAttributes.details : undefined;
    if (local) {
      expect(JSON.parse(decoded(local.data.payloads[0]))).toEqual(
        expect.objectContaining({ activity_type: expect.stringMatching(/^[a-zA-Z]+$/), attempt: expect.any(Number) }),
      );
      if (local.result) expect(local.result.payloads[0].metadata.encoding).toBe(base64('binary/encrypted'));
      delete local.data;
    }
  }
  return JSON.stringify({ ...history, events: history.events.filter((e) => marker(e) === undefined && !searchAttributes(e)) });
}

const tokens = {
  association: () => stack.token({ role: 'association', org: 'assoc-femmes-relais-93', sub: 'user-assoc-femmes-relais-93' }),
  projectLead: () => stack.token({ role: 'project_lead', territory: 'est-ensemble', sub: 'pl-est-ensemble' }),
  prefectDelegate: () => stack.token({ role: 'prefect_delegate', territory: 'est-ensemble', sub: 'pd-est-ensemble' }),
  auditor: () => stack.token({ role: 'auditor', sub: 'auditor-it' }),
  funder: () => stack.token({ role: 'funder', org: 'funder-caf-93' }),
};

/** A complete micro-grant in Est Ensemble: requested, approved by both, paid, reported. */
async function closedGrant(title: string): Promise<string> {
  const created = await stack.request('POST', '/micro-grants', {
    token: tokens.association(),
    body: { binomeId: 'binome-est-ensemble', title, purpose: 'Permanences d’accès aux droits', amountCents: 80_000 },
  });
  expect(created.body.status).toBe('awaiting_decisions');
  const id: string = created.body.id;
  await stack.request('POST', `/micro-grants/${id}/decisions`, {
    token: tokens.projectLead(),
    body: { decision: 'approve', reason: 'Besoin confirmé par le conseil citoyen' },
  });
  await stack.request('POST', `/micro-grants/${id}/decisions`, { token: tokens.prefectDelegate(), body: { decision: 'approve' } });
  await stack.eventually(
    () => stack.request('GET', `/micro-grants/${id}`, { token: tokens.auditor() }),
    (r) => r.body.status === 'paid',
  );
  const report = await stack.request('POST', `/micro-grants/${id}/report`, { token: tokens.association(), body: { summary: '64 personnes reçues' } });
  expect(report.body.status).toBe('closed');
  await stack.eventually(
    () => stack.client.workflow.getHandle(id).describe(),
    (d) => d.status.name === 'COMPLETED',
  );
  return id;
}

async function tamper(sql: string, params: unknown[]): Promise<void> {
  // Someone with database access bypasses the append-only trigger.
  await stack.db.transaction(async (em) => {
    await em.query('ALTER TABLE grant_events DISABLE TRIGGER grant_events_no_update');
    await em.query(sql, params);
    await em.query('ALTER TABLE grant_events ENABLE TRIGGER grant_events_no_update');
  });
}

beforeAll(async () => {
  await stack.start();
});

afterAll(async () => {
  await stack.stop();
});

describe('audit of a grant', () => {
  it('finds the exact event altered with SQL, and the day digest no longer matches', async () => {
    const id = await closedGrant('Permanence juridique');
    const intact = await stack.request('GET', `/grants/${id}/verify`, { token: tokens.auditor() });
    expect(intact).toEqual({ status: 200, body: { valid: true, events: 7 } });

    const today = new Date().toISOString().slice(0, 10);
    const before = await stack.request('GET', `/audit/digests/${today}`, { token: tokens.auditor() });
    expect(before.body.events).toBeGreaterThan(0);
    // Record today's digest as the archiver does for every finished day.
    await stack.db.query(
      'INSERT INTO audit_digests (day, merkle_root, event_count) VALUES ($1, $2, $3) ON CONFLICT (day) DO UPDATE SET merkle_root = EXCLUDED.merkle_root, event_count = EXCLUDED.event_count',
      [today, before.body.merkleRoot, before.body.events],
    );
    expect((await stack.request('GET', `/audit/digests/${today}`, { token: tokens.auditor() })).body.matchesRecorded).toBe(true);

    await tamper(`UPDATE grant_events SET payload = jsonb_set(payload, '{decision}', '"reject"') WHERE grant_id = $1 AND seq = 3`, [id]);
    const broken = await stack.request('GET', `/grants/${id}/verify`, { token: tokens.auditor() });
    expect(broken.body).toMatchObject({ valid: false, events: 7, brokenAt: 3 });
    const after = await stack.request('GET', `/audit/digests/${today}`, { token: tokens.auditor() });
    expect(after.body.matchesRecorded).toBe(false);
    await stack.db.query('DELETE FROM audit_digests WHERE day = $1', [today]);

    // A deleted event is caught too.
    const other = await closedGrant('Atelier numérique');
    await tamper('DELETE FROM grant_events WHERE grant_id = $1 AND seq = 5', [other]);
    expect((await stack.request('GET', `/grants/${other}/verify`, { token: tokens.auditor() })).body).toMatchObject({ valid: false, brokenAt: 5 });
  });

  it("anchors each day's Merkle root outside the database: rewriting the events and the recorded digest together is still caught", async () => {
    const id = await closedGrant('Ateliers d’écriture');
    const day = '2001-02-03';
    // The grant's events as if recorded on a finished day (only finished days are digested and anchored).
    await tamper(`UPDATE grant_events SET recorded_at = $2::date + interval '12 hours' WHERE grant_id = $1`, [id, day]);
    await stack.client.workflow.execute('auditArchiverWorkflow', { taskQueue: stack.taskQueue, workflowId: `archiver-anchor-${id}`, args: [] });
    const anchored = await stack.request('GET', `/audit/digests/${day}`, { token: tokens.auditor() });
    expect(anchored.body).toMatchObject({ events: 7, matchesRecorded: true, matchesAnchored: true, intact: true });
    expect(anchored.body.anchored.merkleRoot).toBe(anchored.body.merkleRoot);
    const lines = readFileSync(process.env.AUDIT_ANCHOR_FILE!, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.filter((l: { day: string }) => l.day === day)).toEqual([expect.objectContaining({ merkleRoot: anchored.body.merkleRoot, events: 7 })]);

    // Someone with database access rewrites a report, then the recorded digest to match it.
    await tamper(`UPDATE grant_events SET payload = jsonb_set(payload, '{summary}', '"rien"') WHERE grant_id = $1 AND type = 'ReportSubmitted'`, [id]);
    const rewritten = await stack.request('GET', `/audit/digests/${day}`, { token: tokens.auditor() });
    await stack.db.query('UPDATE audit_digests SET merkle_root = $2, event_count = $3 WHERE day = $1', [day, rewritten.body.merkleRoot, rewritten.body.events]);
    const caught = await stack.request('GET', `/audit/digests/${day}`, { token: tokens.auditor() });
    expect(caught.body).toMatchObject({ matchesRecorded: true, matchesAnchored: false, intact: false });
    // Another pass of the archiver does not overwrite the anchor with the rewritten root.
    await stack.client.workflow.execute('auditArchiverWorkflow', { taskQueue: stack.taskQueue, workflowId: `archiver-anchor-again-${id}`, args: [] });
    expect((await stack.request('GET', `/audit/digests/${day}`, { token: tokens.auditor() })).body.matchesAnchored).toBe(false);
  });

  it('replays the history with the current code and sets the decision timeline beside the stored events', async () => {
    const id = await closedGrant('Café des parents');
    await recordHistory(stack.client, id, 'micro-grant-closed-dev-server');
    const replay = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ grantId: id, deterministic: true, mismatches: [] });
    expect(replay.body.runs).toEqual([
      {
        runId: expect.any(String),
        source: 'live',
        events: expect.any(Number),
        deterministic: true,
        cached: false,
        verifiedBy: 'api',
        verifiedAt: expect.any(String),
      },
    ]);
    const decisions = replay.body.timeline.filter((e: { what: string }) => e.what.startsWith('decision'));
    expect(decisions).toEqual([
      expect.objectContaining({
        what: 'decision: approve',
        who: 'pl-est-ensemble',
        role: 'project_lead',
        details: expect.objectContaining({ reason: 'Besoin confirmé par le conseil citoyen' }),
      }),
      expect.objectContaining({ what: 'decision: approve', who: 'pd-est-ensemble', role: 'prefect_delegate' }),
    ]);
    expect(replay.body.timeline[0]).toMatchObject({ what: 'requested', who: 'user-assoc-femmes-relais-93' });
    expect(replay.body.timeline.at(-1)).toMatchObject({ what: 'ended: closed' });
    expect(replay.body.domainEvents.map((e: { type: string }) => e.type)).toContain('PaymentOrdered');

    // A stored event that says something else than the history is reported.
    await tamper(`UPDATE grant_events SET payload = jsonb_set(payload, '{decision}', '"reject"') WHERE grant_id = $1 AND seq = 4`, [id]);
    const mismatch = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(mismatch.body.deterministic).toBe(true);
    expect(mismatch.body.mismatches.join('\n')).toMatch(/prefect_delegate pd-est-ensemble decided "approve" but no stored event records it/);
  });

  it('archives closed histories, which still replay once Temporal has deleted them', async () => {
    // The worker keeps a Temporal Schedule that runs the archiver; here we run it right away.
    const schedule = await stack.client.schedule.getHandle(`audit-archiver-${stack.taskQueue}`).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'auditArchiverWorkflow' });
    const id = await closedGrant('Jardin partagé');
    const archiver = await stack.client.workflow.execute('auditArchiverWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `archiver-${id}`,
      args: [],
    });
    expect(archiver.archived).toBeGreaterThan(0);
    expect(await stack.count('SELECT 1 FROM workflow_histories WHERE workflow_id = $1', [id])).toBe(1);
    // The archive keeps the payloads as Temporal holds them: encrypted.
    const [row] = await stack.db.query('SELECT history_gzip FROM workflow_histories WHERE workflow_id = $1', [id]);
    const archivedText = gunzipSync(row.history_gzip).toString('utf8');
    expect(archivedText).toContain(base64('binary/encrypted'));
    expect(withoutPlainMetadata(archivedText)).not.toContain(base64('json/plain'));
    await recordHistory(stack.client, `archiver-${id}`, 'audit-archiver');
    const again = await stack.client.workflow.execute('auditArchiverWorkflow', { taskQueue: stack.taskQueue, workflowId: `archiver-again-${id}`, args: [] });
    expect(await stack.count('SELECT 1 FROM workflow_histories WHERE workflow_id = $1', [id])).toBe(1); // idempotent
    expect(again.alreadyArchived).toBeGreaterThan(0);

    // What the retention period does: the live history disappears.
    await stack.client.workflowService.deleteWorkflowExecution({ namespace: 'default', workflowExecution: { workflowId: id } });
    await stack.eventually(
      () =>
        stack.client.workflow
          .getHandle(id)
          .fetchHistory()
          .then(
            () => 'live',
            () => 'gone',
          ),
      (state) => state === 'gone',
    );
    const history = await stack.request('GET', `/grants/${id}/history`, { token: tokens.auditor() });
    expect(history.status).toBe(200);
    expect(history.body.runs).toHaveLength(1);
    expect(history.body.runs[0]).toMatchObject({ source: 'archive', workflowType: 'microGrantWorkflow' });
    expect(history.body.runs[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');
    const replay = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(replay.body).toMatchObject({ deterministic: true, mismatches: [], runs: [{ source: 'archive', deterministic: true }] });

    // Offline, with the CLI: the API's export, and a file written by `temporal workflow show`.
    const folder = mkdtempSync(join(tmpdir(), 'histories-'));
    writeFileSync(join(folder, `${id}.json`), JSON.stringify(history.body));
    const live = await closedGrant('Ciné-débat');
    await run(testEnv('TEMPORAL_CLI_PATH'), ['workflow', 'show', '--address', testEnv('TEMPORAL_ADDRESS'), '-w', live, '--output', 'json'], {
      maxBuffer: 64 * 1024 * 1024,
    }).then(({ stdout }) => writeFileSync(join(folder, `${live}.json`), stdout));
    const cli = await run(process.execPath, [join(ROOT, 'dist/libs/audit/src/replay-cli.js'), folder]);
    expect(cli.stdout).toMatch(/2 file\(s\): 0 divergent, 0 unreadable/);
    // Temporal's own export holds ciphertext: without the keys the CLI says so, and the API's export needs none.
    const { ENCRYPTION_KEYS: _keys, ...withoutKeys } = process.env;
    const keyless = await run(process.execPath, [join(ROOT, 'dist/libs/audit/src/replay-cli.js'), folder], { env: withoutKeys }).catch(
      (e: { stdout: string }) => e,
    );
    expect(keyless.stdout).toMatch(new RegExp(`ok .*${id}\\.json`));
    expect(keyless.stdout).toMatch(/encrypted under key "k1", which ENCRYPTION_KEYS does not hold/);
    expect(keyless.stdout).toMatch(/2 file\(s\): 0 divergent, 1 unreadable/);
  });

  it('verifies a history once per code: the verdict is kept and shown, and `npm run replay -- --all` verifies the whole archive', async () => {
    const id = await closedGrant('Vérifié une fois');
    await stack.client.workflow.getHandle(id).result(); // its history complete: the same bytes at every question
    const first = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(first.status).toBe(200);
    expect(first.body.code).toEqual({ bundleSha256: expect.stringMatching(/^[0-9a-f]{64}$/), sdkVersion: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(first.body.runs).toEqual([expect.objectContaining({ deterministic: true, cached: false, verifiedBy: 'api' })]);
    // Asked again with the same code: the recorded verdict answers, with when it was reached.
    const second = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(second.body).toMatchObject({ deterministic: true, code: first.body.code, mismatches: [] });
    expect(second.body.runs[0]).toMatchObject({ cached: true, verifiedAt: first.body.runs[0].verifiedAt });
    expect(second.body.timeline).toEqual(first.body.timeline);
    const forced = await stack.request('POST', `/grants/${id}/replay?force=true`, { token: tokens.auditor() });
    expect(forced.body.runs[0].cached).toBe(false);
    expect(Date.parse(forced.body.runs[0].verifiedAt)).toBeGreaterThan(Date.parse(first.body.runs[0].verifiedAt));
    expect((await stack.request('POST', `/grants/${id}/replay?force=maybe`, { token: tokens.auditor() })).status).toBe(400);

    // When each run was last verified, with which code, by whom: for auditors only.
    const verdicts = await stack.request('GET', `/grants/${id}/replay-verdicts`, { token: tokens.auditor() });
    expect(verdicts.status).toBe(200);
    expect(verdicts.body).toEqual([
      expect.objectContaining({
        runId: first.body.runs[0].runId,
        deterministic: true,
        code: first.body.code,
        verifiedAt: forced.body.runs[0].verifiedAt,
        verifiedBy: 'api',
        requestedBy: 'auditor-it',
      }),
    ]);
    expect((await stack.request('GET', `/grants/${id}/replay-verdicts`, { token: tokens.association() })).status).toBe(403);
    expect((await stack.request('GET', `/grants/unknown-grant/replay-verdicts`, { token: tokens.auditor() })).status).toBe(404);

    // The archive: this grant's history (verified above, live: the same bytes) and a tampered copy of it.
    await stack.client.workflow.execute('auditArchiverWorkflow', { taskQueue: stack.taskQueue, workflowId: `archiver-verdicts-${id}`, args: [] });
    const [row] = await stack.db.query('SELECT workflow_type, status, history_gzip FROM workflow_histories WHERE workflow_id = $1', [id]);
    const history = JSON.parse(gunzipSync(row.history_gzip).toString('utf8')) as { events: Record<string, any>[] };
    const scheduled = history.events.find((e) => e.eventType === 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED')!;
    scheduled.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    const tampered = `${id}-tampered`;
    const text = JSON.stringify(history);
    await stack.db.query(
      `INSERT INTO workflow_histories (workflow_id, run_id, workflow_type, status, event_count, history_gzip, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tampered, `${tampered}-run`, row.workflow_type, row.status, history.events.length, gzipSync(text), createHash('sha256').update(text).digest('hex')],
    );
    const cli = join(ROOT, 'dist/libs/audit/src/replay-cli.js');
    const env = { ...process.env, DATABASE_URL: testEnv('DATABASE_URL') };
    const verifyAll = (...args: string[]) =>
      run(process.execPath, [cli, '--all', '--processes', '2', ...args], { env, maxBuffer: 16 * 1024 * 1024 }).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
      );
    const verdictOf = async (runId: string) =>
      (await stack.db.query('SELECT verified_at, verified_by, deterministic, divergence FROM replay_verdicts WHERE run_id = $1', [runId]))[0];
    try {
      const all = await verifyAll();
      expect(all.code).toBe(1);
      // Reported at the first event of the workflow task whose commands differ: the tampered one's task.
      const divergedAt = Number(new RegExp(`NO ${tampered} \\(run ${tampered}-run\\): diverges at event (\\d+): .*somethingElse`).exec(all.stdout)?.[1]);
      const taskOf = (eventId: number) =>
        history.events.filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED' && Number(e.eventId) < eventId).length;
      expect(taskOf(divergedAt)).toBe(taskOf(Number(scheduled.eventId)));
      expect(all.stdout).toMatch(/\d+ histories: \d+ already verified with this code, \d+ replayed \(\d+ events, \d+ events\/s\), 1 divergent/);
      expect(await verdictOf(`${tampered}-run`)).toMatchObject({
        verified_by: 'cli',
        deterministic: false,
        divergence: { eventId: divergedAt },
      });
      // Verified live through the API, the same history in the archive is not replayed again.
      expect(await verdictOf(first.body.runs[0].runId)).toMatchObject({ verified_by: 'api' });

      // With the same code nothing is replayed again, and the divergence is still reported.
      const before = await verdictOf(`${tampered}-run`);
      const again = await verifyAll();
      expect(again.code).toBe(1);
      expect(again.stdout).toMatch(new RegExp(`NO ${tampered} .*diverges at event ${divergedAt}`));
      expect((await verdictOf(`${tampered}-run`)).verified_at).toEqual(before.verified_at);
      const forcedAll = await verifyAll('--force');
      expect(forcedAll.stdout).toMatch(/ 0 already verified with this code/);
      expect((await verdictOf(`${tampered}-run`)).verified_at.getTime()).toBeGreaterThan(before.verified_at.getTime());

      // Every night a Temporal Schedule does the same with the worker's code, and records its verdicts.
      const schedule = await stack.client.schedule.getHandle(`history-verification-${stack.taskQueue}`).describe();
      expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'historyVerificationWorkflow' });
      expect(schedule.spec.timezone).toBe('Europe/Paris');
      await stack.db.query('DELETE FROM replay_verdicts WHERE run_id = $1', [`${tampered}-run`]);
      const nightly = await stack.client.workflow.execute('historyVerificationWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId: `history-verification-${id}`,
        args: [],
      });
      expect(nightly).toMatchObject({
        ...first.body.code,
        divergentCount: 1,
        divergent: [{ workflowId: tampered, runId: `${tampered}-run`, eventId: divergedAt }],
      });
      expect(nightly.replayed).toBeGreaterThanOrEqual(1);
      expect(await verdictOf(`${tampered}-run`)).toMatchObject({ verified_by: 'nightly', deterministic: false });
      await recordHistory(stack.client, `history-verification-${id}`, 'history-verification');
    } finally {
      await stack.db.query('DELETE FROM workflow_histories WHERE workflow_id = $1', [tampered]);
      await stack.db.query('DELETE FROM replay_verdicts WHERE workflow_id = $1', [tampered]);
    }
  });

  it('leaves Temporal only ciphertext: the platform, the audit and the codec endpoint read it, for auditors only', async () => {
    const id = await closedGrant('Atelier du chiffre');
    // Whoever reads Temporal without the keys (its UI, its CLI, its database) sees no payload in clear.
    const raw = new Client({ connection: stack.client.connection });
    const history = JSON.parse(historyToJSON(await raw.workflow.getHandle(id).fetchHistory())) as { events: Record<string, any>[] };
    const text = JSON.stringify(history);
    expect(withoutPlainMetadata(text)).not.toContain(base64('json/plain'));
    expect(text).not.toContain('Atelier du chiffre');
    const input = history.events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(input.metadata).toMatchObject({ encoding: base64('binary/encrypted'), 'encryption-key-id': base64('k1') });
    // The platform reads it: the grant, the auditor's history and replay.
    expect((await stack.request('GET', `/micro-grants/${id}`, { token: tokens.auditor() })).body.title).toBe('Atelier du chiffre');
    const exported = await stack.request('GET', `/grants/${id}/history`, { token: tokens.auditor() });
    expect(JSON.stringify(exported.body)).not.toContain(base64('binary/encrypted'));
    const replay = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(replay.body).toMatchObject({ deterministic: true, mismatches: [] });
    expect(replay.body.timeline.some((entry: { what: string }) => /decision/.test(entry.what))).toBe(true);

    // The Temporal UI's codec endpoint: an auditor sees the payload in clear, each decoding logged.
    const decoded = await stack.request('POST', '/temporal-codec/decode', {
      token: tokens.auditor(),
      body: { payloads: [input] },
      headers: { 'x-namespace': 'default' },
    });
    expect(decoded.status).toBe(200);
    expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(decoded.body.payloads[0].data, 'base64').toString())).toMatchObject({ title: 'Atelier du chiffre' });
    expect(await stack.count(`SELECT 1 FROM audit_reads WHERE account_id = 'auditor-it' AND action = 'decode'`)).toBeGreaterThan(0);
    // Temporal's CLI through the same endpoint, with an auditor's credentials.
    const cliArgs = ['workflow', 'show', '--address', testEnv('TEMPORAL_ADDRESS'), '-w', id, '--output', 'json'];
    const shown = await run(
      testEnv('TEMPORAL_CLI_PATH'),
      [...cliArgs, '--codec-endpoint', `${stack.baseUrl}/temporal-codec`, '--codec-auth', `Bearer ${tokens.auditor()}`],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    const inClear = (stdout: string) => JSON.parse(stdout).events[0].workflowExecutionStartedEventAttributes.input.payloads[0];
    expect(JSON.parse(Buffer.from(inClear(shown.stdout).data, 'base64').toString())).toMatchObject({ title: 'Atelier du chiffre' });
    expect(inClear((await run(testEnv('TEMPORAL_CLI_PATH'), cliArgs, { maxBuffer: 64 * 1024 * 1024 })).stdout).metadata.encoding).toBe(
      base64('binary/encrypted'),
    );
    expect((await stack.request('POST', '/temporal-codec/decode', { token: tokens.auditor(), body: {} })).body).toEqual({ payloads: [] });
    // Nobody else, and nothing altered.
    expect((await stack.request('POST', '/temporal-codec/decode', { token: tokens.association(), body: { payloads: [input] } })).status).toBe(403);
    expect((await stack.request('POST', '/temporal-codec/decode', { token: tokens.funder(), body: { payloads: [input] } })).status).toBe(403);
    expect((await stack.request('POST', '/temporal-codec/decode', { body: { payloads: [input] } })).status).toBe(401);
    expect((await stack.request('POST', '/temporal-codec/encode', { token: tokens.auditor(), body: { payloads: [input] } })).status).toBe(403);
    const altered = { ...input, data: Buffer.from(Buffer.from(input.data, 'base64').map((b, i) => (i === 20 ? b ^ 1 : b))).toString('base64') };
    const refused = await stack.request('POST', '/temporal-codec/decode', { token: tokens.auditor(), body: { payloads: [altered] } });
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringMatching(/cannot be decrypted/) } });
    expect((await stack.request('POST', '/temporal-codec/decode', { token: tokens.auditor(), body: { payloads: [{ data: 'not base64!' }] } })).status).toBe(
      400,
    );
    expect(
      (await stack.request('POST', '/temporal-codec/decode', { token: tokens.auditor(), body: { payloads: [input] }, headers: { 'x-namespace': 'other' } }))
        .status,
    ).toBe(404);

    // The browser's preflight: the configured UI origin only, with credentials (the auditor's session).
    const preflight = await fetch(`${stack.baseUrl}/temporal-codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: TEMPORAL_UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(TEMPORAL_UI);
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    const elsewhere = await fetch(`${stack.baseUrl}/temporal-codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://attacker.example', 'access-control-request-method': 'POST' },
    });
    expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await fetch(`${stack.baseUrl}/grants`, { method: 'OPTIONS', headers: { origin: TEMPORAL_UI, 'access-control-request-method': 'GET' } })).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
  });

  it('rebuilds the read model from the event log: the result equals the live read model', async () => {
    await closedGrant('Sortie au musée');
    // Every table the funding paths' streams keep: the grants, the calls, the cohorts, and the periods awards fund.
    const tables = ['SELECT * FROM grants ORDER BY id', 'SELECT * FROM calls ORDER BY id', 'SELECT * FROM incubation_cohorts ORDER BY id'];
    const periods = 'SELECT grant_id, association_id, title, amount_cents, period_start, period_end FROM funded_periods ORDER BY grant_id, association_id';
    const read = () => Promise.all([...tables, periods].map((sql) => stack.db.query(sql)));
    const before = await read();
    const rebuilt = await run(process.execPath, [join(ROOT, 'dist/libs/persistence/src/rebuild-projections.js')], {
      env: { ...process.env, DATABASE_URL: testEnv('DATABASE_URL') },
    });
    expect(rebuilt.stdout).toMatch(/the rebuilt read model equals the live one/);
    expect(await read()).toEqual(before);
  });

  it('runs replays a bounded number at a time: beyond the queue a 503 saying to retry, and a retry later is replayed', async () => {
    const id = await closedGrant('Rejeux simultanés');
    const started = Date.now();
    const replays = Array.from({ length: 6 }, () => stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() }));
    const answers = await Promise.all(replays);
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const refused = answers.find((a) => a.status === 503)!;
    expect(refused.body).toMatchObject({ error: 'unavailable', message: 'too many replays in progress: retry in a moment' });
    expect(answers.filter((a) => a.status === 200).every((a) => a.body.deterministic === true)).toBe(true);
    const retried = await stack.request('POST', `/grants/${id}/replay`, { token: tokens.auditor() });
    expect(retried.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('streams an export larger than one batch: every row once, in order, as CSV and as JSON', async () => {
    // 1,201 rows in the read model of a territory of this test's own (more than two batches of 500).
    const territory = `export-${Date.now()}`;
    await stack.db.query(
      `INSERT INTO grants (id, kind, status, title, association_id, territory_id, amount_cents, created_at, updated_at, last_seq)
       SELECT 'mg-export-' || n, 'micro_grant', 'closed', 'Ligne ' || n, 'assoc-femmes-relais-93', $1, n, timestamp '2026-01-01' + (n / 3) * interval '1 second', now(), 1
         FROM generate_series(1, 1201) AS n`,
      [territory],
    );
    try {
      const csv = await stack.request('GET', `/grants/export?format=csv&territory=${territory}`, { token: tokens.auditor() });
      expect(csv.status).toBe(200);
      const ids = (csv.body as string)
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[0]);
      expect(ids).toHaveLength(1201);
      expect(new Set(ids).size).toBe(1201);
      // Newest first; rows of the same instant by id.
      const expected = [...Array(1201).keys()]
        .map((i) => i + 1)
        .sort((a, b) => Math.floor(b / 3) - Math.floor(a / 3) || String(a).localeCompare(String(b)))
        .map((n) => `mg-export-${n}`);
      expect(ids).toEqual(expected);
      const json = await stack.request('GET', `/grants/export?format=json&territory=${territory}`, { token: tokens.auditor() });
      expect(json.body.map((g: { id: string }) => g.id)).toEqual(expected);
      const empty = await stack.request('GET', '/grants/export?format=json&territory=nowhere', { token: tokens.auditor() });
      expect(empty.body).toEqual([]);
    } finally {
      await stack.db.query('DELETE FROM grants WHERE territory_id = $1', [territory]);
    }
  });

  it('exports for auditors and funders, never for associations, and logs every audit read', async () => {
    const id = await closedGrant('Fête des voisins');
    const csv = await stack.request('GET', '/grants/export?format=csv&territory=est-ensemble', { token: tokens.auditor() });
    expect(csv.status).toBe(200);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('id,kind,status,title,associationId,territoryId,binomeId,amountCents,paymentOrderId,reportDueAt,createdAt,updatedAt');
    expect(lines.find((l) => l.startsWith(id))).toMatch(
      new RegExp(`^${id},micro_grant,closed,Fête des voisins,assoc-femmes-relais-93,est-ensemble,binome-est-ensemble,80000,po-`),
    );
    const json = await stack.request('GET', '/grants/export?format=json&status=closed', { token: tokens.auditor() });
    expect(json.body.map((g: { id: string }) => g.id)).toContain(id);
    const funder = await stack.request('GET', '/grants/export?format=json', { token: tokens.funder() });
    expect(funder.status).toBe(200);
    // A funder exports the grants it co-funds (consortium grants of its calls), never a binôme's micro-grant.
    expect(funder.body.filter((g: { kind: string }) => g.kind === 'micro_grant')).toEqual([]);
    expect((await stack.request('GET', '/grants/export', { token: tokens.association() })).status).toBe(403);
    expect((await stack.request('POST', `/grants/${id}/replay`, { token: tokens.association() })).status).toBe(403);
    expect((await stack.request('GET', `/grants/${id}/history`, { token: tokens.association() })).status).toBe(403);
    expect((await stack.request('GET', `/grants/${id}/verify`, { token: tokens.projectLead() })).status).toBe(403);
    expect((await stack.request('GET', '/grants/export?format=xml', { token: tokens.auditor() })).status).toBe(400);

    await stack.request('GET', `/grants/${id}/verify`, { token: tokens.auditor() });
    await stack.request('GET', `/grants/${id}/events`, { token: tokens.association() });
    const reads = await stack.request('GET', `/audit/reads?grantId=${id}`, { token: tokens.auditor() });
    expect(reads.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: 'auditor-it', role: 'auditor', grantId: id, action: 'verify' }),
        expect.objectContaining({ accountId: 'user-assoc-femmes-relais-93', role: 'association', grantId: id, action: 'events' }),
      ]),
    );
    expect((await stack.request('GET', '/audit/reads', { token: tokens.association() })).status).toBe(403);
  });
});
