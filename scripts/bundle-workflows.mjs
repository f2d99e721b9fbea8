// Bundles the compiled workflows once, for the worker and for replay (see README: performance).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { bundleWorkflowCode } = require('@temporalio/worker');
const out = process.argv[2] ?? resolve('dist/workflow-bundle.js');
const { code } = await bundleWorkflowCode({
  workflowsPath: require.resolve('../dist/workflows/index.js'),
  workflowInterceptorModules: [require.resolve('../dist/workflows/interceptors.js')],
  logger: { info() {}, warn: console.warn, error: console.error, debug() {}, trace() {}, log() {} },
});
writeFileSync(out, code);
console.log(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB)`);
