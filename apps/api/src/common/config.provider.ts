import { AppConfig } from '@grants/config';

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
