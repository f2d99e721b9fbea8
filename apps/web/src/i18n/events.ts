import type { Language } from '.';

/** What each domain event means, in words (the type itself where it has no label yet). */
const EVENT_LABELS: Record<string, { fr: string; en: string }> = {
  MicroGrantRequested: { fr: 'Demande déposée', en: 'Request filed' },
  MicroGrantEscalated: { fr: 'Orientée vers l’instruction classique', en: 'Sent to standard instruction' },
  MicroGrantFundsReserved: { fr: 'Montant réservé sur l’enveloppe du binôme', en: 'Amount reserved on the binôme’s envelope' },
  MicroGrantDecisionRecorded: { fr: 'Décision d’un membre du binôme', en: 'Decision of a binôme member' },
  MicroGrantApproved: { fr: 'Micro-subvention accordée', en: 'Micro-grant approved' },
  MicroGrantRejected: { fr: 'Micro-subvention refusée', en: 'Micro-grant rejected' },
  MicroGrantExpired: { fr: 'Expirée sans décision', en: 'Expired without decision' },
  PaymentOrdered: { fr: 'Paiement ordonné', en: 'Payment ordered' },
  ReportReminderSent: { fr: 'Rappel du bilan envoyé', en: 'Report reminder sent' },
  ReportOverdue: { fr: 'Bilan en retard', en: 'Report overdue' },
  ReportSubmitted: { fr: 'Bilan déposé', en: 'Report filed' },
  AgreementProposed: { fr: 'Convention proposée', en: 'Agreement proposed' },
  AgreementAccepted: { fr: 'Convention acceptée par l’association', en: 'Agreement accepted by the association' },
  FundingLineAccepted: { fr: 'Ligne de financement acceptée par son financeur', en: 'Funding line accepted by its funder' },
  AgreementWithdrawn: { fr: 'Convention retirée', en: 'Agreement withdrawn' },
  OperatingTrancheOrdered: { fr: 'Tranche de fonctionnement ordonnée', en: 'Operating tranche ordered' },
  OperatingTrancheWithheld: { fr: 'Tranche retenue (bilan attendu)', en: 'Tranche withheld (report awaited)' },
  CoordinationTokenCredited: { fr: 'Réunion de coordination comptée', en: 'Coordination meeting counted' },
  CoordinationCompensationOrdered: { fr: 'Temps de coordination payé', en: 'Coordination time paid' },
  ActivityReportReminderSent: { fr: 'Rappel du bilan d’activité envoyé', en: 'Activity report reminder sent' },
  ActivityReportOverdue: { fr: 'Bilan d’activité en retard', en: 'Activity report overdue' },
  ActivityReportSubmitted: { fr: 'Bilan d’activité déposé', en: 'Activity report filed' },
  AmendmentProposed: { fr: 'Avenant proposé', en: 'Amendment proposed' },
  AmendmentAgreed: { fr: 'Avenant accepté par une partie', en: 'Amendment agreed by one party' },
  AmendmentAccepted: { fr: 'Avenant signé', en: 'Amendment signed' },
  TerminationRequested: { fr: 'Résiliation demandée', en: 'Termination requested' },
  AgreementTerminated: { fr: 'Convention résiliée', en: 'Agreement terminated' },
  AgreementCompleted: { fr: 'Convention achevée', en: 'Agreement completed' },
  IncubationStarted: { fr: 'Projet sélectionné dans la promotion', en: 'Project selected in the cohort' },
  MentorAssigned: { fr: 'Association mentore désignée', en: 'Mentor association assigned' },
  SupportPlanSet: { fr: 'Plan d’accompagnement fixé', en: 'Support plan set' },
  CheckInReminderSent: { fr: 'Rappel du point d’étape', en: 'Check-in reminder' },
  MilestoneCompleted: { fr: 'Étape atteinte', en: 'Milestone reached' },
  MilestoneOverdue: { fr: 'Étape en retard', en: 'Milestone overdue' },
  FundingLeadRecorded: { fr: 'Piste de financement notée', en: 'Funding lead recorded' },
  ImpactReportSubmitted: { fr: 'Bilan d’impact déposé', en: 'Impact report filed' },
  IncubationGraduated: { fr: 'Accompagnement achevé', en: 'Support completed' },
  IncubationWithdrawn: { fr: 'Projet retiré', en: 'Project withdrawn' },
};

export function eventLabel(type: string, language: Language): string {
  return EVENT_LABELS[type]?.[language] ?? type;
}
