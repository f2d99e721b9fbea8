import { readdirSync } from 'node:fs';
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
