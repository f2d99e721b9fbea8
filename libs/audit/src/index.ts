export * from './chain';
export * from './history';
export * from './replay';
export * from './timeline';
