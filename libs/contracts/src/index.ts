export * from './ids';
export * from './micro-grant.contracts';
