import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { WorkerOptions } from '@temporalio/worker';

/**
 * The bundler's options for workflow code bundled from a folder (`workflowsPath`): webpack resolves
 * the libraries' aliases (tsconfig.json's paths: `@grants/domain` is `libs/domain/src`). From the
 * sources (the workflow suites) they point to `libs`, from the build to `dist/libs`, where tsc-alias
 * has already made them relative paths.
 */
export function workflowBundlerOptions(): NonNullable<WorkerOptions['bundlerOptions']> {
  const libs = resolve(__dirname, '../..');
  const alias = Object.fromEntries(readdirSync(libs).map((lib) => [`@grants/${lib}`, resolve(libs, lib, 'src')]));
  return {
    webpackConfigHook: (config) => ({ ...config, resolve: { ...config.resolve, alias: { ...(config.resolve?.alias as Record<string, string>), ...alias } } }),
  };
}

/**
 * The workflows' interceptor modules (the request id in their logs and headers): bundled into the
 * prebuilt bundle, and given to a worker that bundles the sources. With `tracing`, the official
 * OpenTelemetry ones too (spans of each run, handler and activity scheduled), which only a worker
 * with traces configured bundles: the prebuilt bundle has none, so that tracing off costs nothing.
 */
export function workflowInterceptorModules(options: { tracing?: boolean } = {}): string[] {
  return [
    require.resolve('../../../workflows/interceptors'),
    ...(options.tracing ? [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] : []),
  ];
}

/** The workflow sources, bundled when a worker starts (a worker with traces: see workflowInterceptorModules). */
export function workflowSources(): { workflowsPath: string } {
  return { workflowsPath: require.resolve('../../../workflows') };
}

/**
 * The workflow code this build deploys: the prebuilt bundle (`dist/workflow-bundle.js`, or
 * `bundlePath`) when there is one (a fast start, and the code the worker runs is the code the audit
 * replays), else the workflow sources.
 */
export function deployedWorkflowCode(bundlePath?: string): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const bundle = bundlePath ?? resolve(__dirname, '../../../workflow-bundle.js');
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return workflowSources();
}
