import { AppConfig } from '../../../../libs/config/src';

/** Injection token of the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export type { AppConfig };
