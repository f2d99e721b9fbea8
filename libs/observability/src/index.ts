export * from './request-context';
export * from './logger';
export * from './temporal-context';
export * from './metrics';
