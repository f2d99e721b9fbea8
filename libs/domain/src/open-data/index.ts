export * from './open-data.rules';
export * from './open-data.events';
export * from './scdl';
