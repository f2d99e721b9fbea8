export * from './audit.repository';
export * from './replay-verdicts.repository';
