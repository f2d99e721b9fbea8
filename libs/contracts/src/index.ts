export * from './ids';
export * from './micro-grant.contracts';
export * from './call.contracts';
export * from './anchoring.contracts';
export * from './incubation.contracts';
export * from './webhook.contracts';
export * from './open-data.contracts';
export * from './task-force.contracts';
