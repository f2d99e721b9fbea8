// `npm run web:client`: regenerates the web app's typed API client (apps/web/src/api/schema.d.ts)
// from the API's OpenAPI document, built without starting anything. `--check` (run by `npm test`)
// fails when the committed client is not in step with the API.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, build, ensureNodeModules } from './lib/stack.mjs';

const check = process.argv.includes('--check');
const target = join(ROOT, 'apps/web/src/api/schema.d.ts');
if (!check) {
  ensureNodeModules();
  build();
}
const work = mkdtempSync(join(tmpdir(), 'grants-openapi-'));
try {
  const document = join(work, 'openapi.json');
  const generated = join(work, 'schema.d.ts');
  for (const [command, args] of [
    [process.execPath, [join(ROOT, 'dist/apps/api/src/openapi-cli.js'), document]],
    [process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), document, '--output', generated, '--silent']],
  ]) {
    const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
  const fresh = readFileSync(generated, 'utf8');
  if (check) {
    if (readFileSync(target, 'utf8') !== fresh) {
      console.error('apps/web/src/api/schema.d.ts is not in step with the API: run `npm run web:client` and commit it');
      process.exit(1);
    }
    console.error("the web app's API client is in step with the API");
  } else {
    writeFileSync(target, fresh);
    console.error(`wrote ${target}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
