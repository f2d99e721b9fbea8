export { microGrantWorkflow } from './micro-grant.workflow';
export { envelopeWorkflow } from './envelope.workflow';
