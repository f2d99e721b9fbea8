export * from './inbox.repository';
export * from './webhook-endpoints.repository';
