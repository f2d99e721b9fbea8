import { Cents, GrantEventBody, formatCentsFr } from '../libs/domain/src';

export interface GrantFacts {
  title: string;
  associationId: string;
  territoryId: string;
  amountCents: Cents;
}

export interface RenderedNotification {
  subject: string;
  text: string;
}

const frenchDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

function dateFr(iso: string): string {
  return frenchDate.format(new Date(iso));
}

const ROLE_FR: Record<string, string> = {
  project_lead: 'la cheffe ou le chef de projet DSU',
  prefect_delegate: 'la déléguée ou le délégué du Préfet',
};

/** French texts of micro-grant notifications (the users are French associations and civil servants). */
export function renderMicroGrantNotification(event: GrantEventBody, grant: GrantFacts, link: string): RenderedNotification {
  const name = `« ${grant.title} » (${formatCentsFr(grant.amountCents)})`;
  const footer = `\n\nDossier : ${link}`;
  const body = (subject: string, text: string): RenderedNotification => ({ subject, text: text + footer });
  switch (event.type) {
    case 'MicroGrantRequested':
      return body(`Demande de micro-subvention reçue : ${grant.title}`, `La demande ${name} a été reçue.`);
    case 'MicroGrantEscalated':
      return body(
        `Demande orientée vers l'instruction classique : ${grant.title}`,
        `La demande ${name} ne peut pas être décidée par le binôme seul et suit l'instruction classique.\n` +
          `Motif : ${event.payload.reason}`,
      );
    case 'MicroGrantFundsReserved':
      return body(
        `Décision attendue du binôme : ${grant.title}`,
        `Le montant de la demande ${name} est réservé sur l'enveloppe du binôme.\n` +
          `Les deux membres du binôme doivent se prononcer avant le ${dateFr(event.payload.decisionDeadlineAt)}.`,
      );
    case 'MicroGrantDecisionRecorded':
      return body(
        `Avis enregistré : ${grant.title}`,
        `${capitalize(ROLE_FR[event.payload.role] ?? event.payload.role)} a ${
          event.payload.decision === 'approve' ? 'donné un avis favorable' : 'refusé'
        } la demande ${name}.` + (event.payload.reason ? `\nMotif : ${event.payload.reason}` : ''),
      );
    case 'MicroGrantApproved':
      return body(`Micro-subvention accordée : ${grant.title}`, `Le binôme a accordé la demande ${name}. L'ordre de paiement suit.`);
    case 'MicroGrantRejected':
      return body(`Micro-subvention refusée : ${grant.title}`, `La demande ${name} est refusée.\nMotif : ${event.payload.reason}`);
    case 'MicroGrantExpired':
      return body(
        `Demande expirée : ${grant.title}`,
        `Le binôme ne s'est pas prononcé sur la demande ${name} avant le ${dateFr(event.payload.decisionDeadlineAt)} : ` +
          `la demande est close et le montant réservé est libéré.`,
      );
    case 'PaymentOrdered':
      return body(
        `Paiement ordonné : ${grant.title}`,
        `Le paiement de ${formatCentsFr(event.payload.amountCents)} est ordonné (ordre ${event.payload.paymentOrderId}).\n` +
          `Un court bilan est attendu avant le ${dateFr(event.payload.reportDueAt)}.`,
      );
    case 'ReportReminderSent':
      return body(
        `Rappel : bilan attendu pour ${grant.title}`,
        `Le bilan de la micro-subvention ${name} est attendu avant le ${dateFr(event.payload.reportDueAt)}.`,
      );
    case 'ReportOverdue':
      return body(
        `Bilan en retard : ${grant.title}`,
        `Le bilan de la micro-subvention ${name} était attendu le ${dateFr(event.payload.reportDueAt)} et n'a pas été reçu.`,
      );
    case 'ReportSubmitted':
      return body(`Bilan reçu : ${grant.title}`, `Le bilan de la micro-subvention ${name} a été déposé. Le dossier est clos.`);
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
