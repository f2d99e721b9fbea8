// The recorded workflow histories (test/replay/histories/) are only ever added to: a history
// modified, renamed or deleted would let a change to a workflow's commands pass the replay test
// without `patched()`. Checked on every commit since the histories were first shipped, and on what
// is not committed yet. `npm test` runs it with the static checks; alone: `node scripts/check-histories.mjs`.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const HISTORIES = 'test/replay/histories';
/** The last commit that re-recorded histories, before any was shipped: the check starts after it. */
const SHIPPED_AFTER = 'e5b62b0';

function git(...args) {
  const result = spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  return { ok: result.status === 0, out: result.stdout.trim(), err: result.stderr.trim() };
}

if (!git('rev-parse', '--git-dir').ok) {
  console.log('check-histories: not a git checkout; nothing to compare with');
  process.exit(0);
}

// A shallow clone may not hold the baseline: then the previous commit is the reference.
const from = git('cat-file', '-e', `${SHIPPED_AFTER}^{commit}`).ok ? SHIPPED_AFTER : git('rev-parse', '--verify', '--quiet', 'HEAD~1').ok ? 'HEAD~1' : null;
const problems = [];
if (from) {
  const log = git('log', '--diff-filter=MDRT', '--name-status', '--format=commit %h %s', `${from}..HEAD`, '--', HISTORIES);
  if (!log.ok) throw new Error(`git log failed: ${log.err}`);
  let commit = '';
  for (const line of log.out.split('\n').filter(Boolean)) {
    if (line.startsWith('commit ')) commit = line.slice(7, 80);
    else problems.push(`${line.replace(/\t/g, ' ')}  (in ${commit})`);
  }
}
// What is not committed yet: staged or not.
const pending = git('diff', 'HEAD', '--diff-filter=MDRT', '--name-status', '--', HISTORIES);
for (const line of pending.out.split('\n').filter(Boolean)) problems.push(`${line.replace(/\t/g, ' ')}  (not committed)`);

if (problems.length) {
  console.error(
    `Recorded histories are only ever added to (${HISTORIES}). These were modified (M), deleted (D), renamed (R) or changed type (T):\n` +
      problems.map((p) => `  ${p}`).join('\n') +
      '\nRestore them, put the workflow change behind patched(), and record a new history beside the old one.',
  );
  process.exit(1);
}
console.log(`check-histories: the recorded histories were only added to${from ? ` since ${from}` : ''}`);
