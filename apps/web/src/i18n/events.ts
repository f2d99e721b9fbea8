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
};

export function eventLabel(type: string, language: Language): string {
  return EVENT_LABELS[type]?.[language] ?? type;
}
