export { microGrantWorkflow } from './micro-grant.workflow';
export { envelopeWorkflow } from './envelope.workflow';
export { auditArchiverWorkflow } from './audit-archiver.workflow';
export { callWorkflow } from './call.workflow';
export { consortiumApplicationWorkflow } from './consortium-application.workflow';
