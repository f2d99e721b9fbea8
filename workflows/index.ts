export { microGrantWorkflow } from './micro-grant.workflow';
export { envelopeWorkflow } from './envelope.workflow';
export { auditArchiverWorkflow } from './audit-archiver.workflow';
export { callWorkflow } from './call.workflow';
export { consortiumApplicationWorkflow } from './consortium-application.workflow';
export { anchoringAgreementWorkflow } from './anchoring-agreement.workflow';
export { coordinationMeetingWorkflow } from './coordination-meeting.workflow';
