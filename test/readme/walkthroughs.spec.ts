import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestStack } from '../support/stack';
import { checkPage, launchChromium, personIn, signInAs } from '../support/web';

const ROOT = join(__dirname, '../..');

/** The README's walk-throughs: the shell blocks of its "Walk-throughs" section, by sub-heading. */
function walkthroughs(): { preamble: string; blocks: { name: string; script: string }[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Walk-throughs');
  if (start < 0) throw new Error('the README has no "## Walk-throughs" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const found: { name: string; script: string }[] = [];
  let heading = '(preamble)';
  const pattern = /^### (.+)$|^```bash\n([\s\S]*?)^```$/gm;
  for (let match = pattern.exec(section); match; match = pattern.exec(section)) {
    if (match[1]) heading = match[1].trim();
    else found.push({ name: heading, script: match[2] });
  }
  const [preamble, ...blocks] = found;
  if (preamble?.name !== '(preamble)') throw new Error('the walk-throughs start with a block of helpers');
  return { preamble: preamble.script, blocks };
}

/** What a walk-through promises after `# →`: a status, and "field":value pairs (values written out, not "…"). */
function promises(script: string): { status?: number; pairs: string[]; line: string }[] {
  return script.split('\n').flatMap((line) => {
    const comment = /# → (.*)$/.exec(line);
    if (!comment) return [];
    const status = /^\s*(\d{3})\b/.exec(comment[1]);
    const pairs = [...comment[1].matchAll(/"(\w+)":("[^"…]*"|-?\d+(?:\.\d+)?|true|false|null|\[[^\]…]*\])/g)].map((m) => `"${m[1]}":${m[2]}`);
    return [{ status: status ? Number(status[1]) : undefined, pairs, line: line.trim() }];
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a walk-through as written, with curl failing on a 4xx or 5xx and every status noted. */
function run(stack: TestStack, preamble: string, script: string): Promise<Run> {
  const instrumented = [
    'set -euo pipefail',
    // As written, except that a refused request stops the walk-through, and each answer ends its line.
    `curl() { command curl --fail-with-body -w '\\n%{stderr}HTTP %{http_code}\\n' "$@"; }`,
    preamble,
    script,
  ].join('\n');
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', instrumented], {
      cwd: ROOT,
      env: { ...process.env, API: stack.baseUrl, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Every promise kept, in order: its status among the answers, its fields on one line of the output. */
function broken(run: Run, script: string): string[] {
  const statuses = [...run.stderr.matchAll(/^HTTP (\d{3})$/gm)].map((m) => Number(m[1]));
  const lines = run.stdout.split('\n');
  const problems: string[] = [];
  let s = 0;
  let l = 0;
  for (const promise of promises(script)) {
    if (promise.status !== undefined) {
      while (s < statuses.length && statuses[s] !== promise.status) s++;
      if (s === statuses.length) problems.push(`no ${promise.status} answered for: ${promise.line}`);
      else s++;
    }
    if (promise.pairs.length) {
      let found = l;
      while (found < lines.length && !promise.pairs.every((pair) => lines[found].includes(pair))) found++;
      if (found === lines.length) problems.push(`no answer with ${promise.pairs.join(', ')} for: ${promise.line}`);
      else l = found + 1;
    }
  }
  return problems;
}

describe("the README's walk-throughs, run as written in the demo mode", () => {
  const stack = new TestStack({ DEMO_TIME: 'compressed', DEMO_YEAR: '3m' });
  const { preamble, blocks } = walkthroughs();

  let startedAt = new Date();
  beforeAll(async () => {
    startedAt = new Date();
    await stack.start();
  }, 120_000);
  afterAll(async () => {
    // The agreement of the walk-through runs on for years (minutes here): ended by mutual agreement,
    // as both parties may, so that nothing of it runs on into the next suites.
    // Only those the walk-throughs proposed (the workflow suites leave agreements of their own test server in the read model).
    const running: { id: string; association_id: string; territory_id: string }[] = await stack.db.query(
      `SELECT id, association_id, territory_id FROM grants WHERE kind = 'anchoring_agreement' AND status IN ('active', 'report_overdue') AND created_at BETWEEN $1 AND now()`,
      [startedAt],
    );
    for (const agreement of running) {
      // The association asks; each funder with a line still to come agrees for itself.
      const body = { mode: 'mutual', reason: 'Fin de la démonstration' };
      const token = stack.token({ role: 'association', org: agreement.association_id, sub: `user-${agreement.association_id}` });
      const asked = await stack.request('POST', `/anchoring-agreements/${agreement.id}/termination`, { token, body });
      for (const funderId of (asked.body?.termination?.awaiting ?? []) as string[]) {
        await stack.request('POST', `/anchoring-agreements/${agreement.id}/termination`, {
          token: stack.token({ role: 'funder', org: funderId, sub: `user-${funderId}` }),
          body,
        });
      }
      await stack.eventually(
        () => stack.request('GET', `/anchoring-agreements/${agreement.id}`, { token: stack.token({ role: 'auditor' }) }),
        (r) => r.body.status === 'terminated',
      );
    }
    await stack.stop();
  }, 120_000);

  it('has the four paths and the governance processes, each promising what it ends with', () => {
    expect(blocks.map((b) => b.name)).toEqual([
      'A micro-grant',
      'A call for projects',
      'An anchoring agreement',
      'An incubation',
      'A neighbourhood task force',
      "An associated signatory's contribution",
    ]);
    for (const block of blocks) expect(promises(block.script).length).toBeGreaterThan(2);
  });

  it('answers in the demo mode with the Demo-Time header', async () => {
    const response = await fetch(`${stack.baseUrl}/health`);
    expect(response.headers.get('demo-time')).toBe('compressed; year=180s; day=0.5s');
  });

  it('shows the demo mode at the top of the web app, before and after sign-in', async () => {
    const browser = await launchChromium();
    try {
      const { page } = await personIn(browser);
      await page.goto(`${stack.baseUrl}/app/`);
      const banner = page.getByRole('note').filter({ hasText: 'Démonstration' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('une année dure 3 min et un jour 0,5 s');
      await signInAs(page, stack.baseUrl, 'dsu.plaine-commune@demo.grants.local');
      await banner.waitFor();
      expect(await checkPage(page, 'demo-mode')).toEqual([expect.objectContaining({ violations: [] }), expect.objectContaining({ violations: [] })]);
    } finally {
      await browser.close();
    }
  });

  it('runs every walk-through to its last step, each status and field as the README shows', async () => {
    // All at once, as six people would: the agreement's year lasts 3 minutes here.
    const runs = await Promise.all(blocks.map((block) => run(stack, preamble, block.script)));
    const logs = join(process.env.GRANTS_TEST_WORK_DIR ?? tmpdir(), 'readme-walkthroughs');
    mkdirSync(logs, { recursive: true });
    const report = blocks.map((block, i) => {
      const outcome = runs[i];
      writeFileSync(join(logs, `${i + 1}.log`), `${block.name}\n\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`);
      const problems = outcome.code === 0 ? broken(outcome, block.script) : [`exited ${outcome.code}`];
      return { name: block.name, problems, ...(problems.length ? { log: join(logs, `${i + 1}.log`), stdout: outcome.stdout.slice(-3000) } : {}) };
    });
    expect(report.filter((r) => r.problems.length)).toEqual([]);
  }, 600_000);
});
