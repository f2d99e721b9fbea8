/** The domain events of a micro-grant approved by both, paid and reported, in order. */
export const APPROVED_AND_CLOSED = [
  'MicroGrantRequested',
  'MicroGrantFundsReserved',
  'MicroGrantDecisionRecorded',
  'MicroGrantDecisionRecorded',
  'MicroGrantApproved',
  'PaymentOrdered',
  'ReportSubmitted',
];
