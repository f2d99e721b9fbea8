import {
  AgreementEventBody,
  ApplicationEventBody,
  CallEventBody,
  Cents,
  CohortEventBody,
  IncubationEventBody,
  MicroGrantEventBody,
  OpenDataEventBody,
  PublicationBlock,
  TaskForceEventBody,
  TaskForceState,
  ContributionEventBody,
  ContributionState,
  ReferralEventBody,
  CodirEventBody,
  CodirState,
  renderCodirNotice,
  MissionSheetEventBody,
  CopilEventBody,
  CopilState,
  renderCopilNotice,
  MissionSheetState,
  renderMissionSheetNotice,
  ReferralState,
  formatCentsFr,
  renderContributionNotice,
  renderReferralNotice,
  renderTaskForceNotice,
  microGrantNotice,
} from '@grants/domain';

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

const NBSP = '\u00a0';
const NARROW_NBSP = '\u202f';

/**
 * French typography: a no-break space before « : » and inside guillemets, a narrow one before
 * « ; ! ? » (and before « € », as Intl already writes it), so that no line starts with a colon.
 */
export function frenchTypography(text: string): string {
  return text
    .replace(/ :(?=\s|$)/gm, `${NBSP}:`)
    .replace(/ ([;!?])(?=\s|$)/gm, `${NARROW_NBSP}$1`)
    .replace(/« /g, `«${NBSP}`)
    .replace(/ »/g, `${NBSP}»`)
    .replace(/ €/g, `${NARROW_NBSP}€`)
    .replace(/n° /g, `n°${NBSP}`);
}

/** "1 membre", "3 membres": the number and its noun agreeing. */
function plural(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** The French notification as it is sent: typography applied to its subject and text. */
function french(subject: string, text: string): RenderedNotification {
  return { subject: frenchTypography(subject), text: frenchTypography(text) };
}

const frenchDate = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });

/** "14 mars 2027", "1er janvier 2027". */
function dateFr(iso: string): string {
  return firstOfMonth(frenchDate.format(new Date(iso)));
}

function firstOfMonth(date: string): string {
  return date.replace(/^1 /, '1er ');
}

/** French texts of micro-grant notifications (the users are French associations and civil servants): the domain's words, the file's link, French typography. */
export function renderMicroGrantNotification(event: MicroGrantEventBody, grant: GrantFacts, link: string): RenderedNotification {
  const { subject, text } = microGrantNotice(event, grant, 'fr');
  return french(subject, `${text}\n\nDossier : ${link}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What call and application notifications name. */
export interface CallFacts {
  callTitle: string;
  /** The consortium, for application events. */
  consortiumName?: string;
}

/** French texts of call-for-projects notifications. */
export function renderCallNotification(event: CallEventBody | ApplicationEventBody, facts: CallFacts, link: string): RenderedNotification {
  const call = `« ${facts.callTitle} »`;
  const consortium = facts.consortiumName ? `le consortium « ${facts.consortiumName} »` : 'votre consortium';
  const ofConsortium = facts.consortiumName ? `du consortium « ${facts.consortiumName} »` : 'de votre consortium';
  const footer = `\n\nDossier : ${link}`;
  const body = (subject: string, text: string): RenderedNotification => french(subject, text + footer);
  switch (event.type) {
    case 'AssociationsInvited':
      return body(
        `Appel à projets : votre association est invitée, ${facts.callTitle}`,
        `Votre association correspond aux thèmes et aux territoires de l'appel à projets ${call}.\n` +
          `Des rencontres entre associations sont organisées avant les candidatures, pour former des consortiums plutôt que de concourir.`,
      );
    case 'MeetupScheduled':
      return body(
        `Rencontre inter-associative : ${facts.callTitle}`,
        `Une rencontre est prévue le ${dateTimeFr(event.payload.at)} (${event.payload.place}) pour l'appel à projets ${call}.\n` +
          `Merci d'indiquer votre présence.`,
      );
    case 'ConsortiumMemberInvited':
      return body(
        `Invitation à rejoindre un consortium : ${facts.callTitle}`,
        `Votre association est invitée à rejoindre ${consortium} pour l'appel à projets ${call}. Vous pouvez accepter ou décliner.`,
      );
    case 'ConsortiumInvitationAnswered':
      return body(
        `Réponse à une invitation : ${facts.callTitle}`,
        `${event.payload.associationId} a ${event.payload.accepted ? 'accepté' : 'décliné'} l'invitation à rejoindre ${consortium}.`,
      );
    case 'ExpressionOfInterestReceived':
      return body(
        `Manifestation d'intérêt reçue : ${facts.callTitle}`,
        `Une manifestation d'intérêt a été déposée pour ${call} (${plural(event.payload.members.length, 'membre', 'membres')}) :\n${event.payload.summary}`,
      );
    case 'ApplicationOpened':
      return body(
        `Manifestation d'intérêt enregistrée : ${facts.callTitle}`,
        `La manifestation d'intérêt ${ofConsortium} pour ${call} est enregistrée.\n` +
          (event.payload.paidPreselection
            ? "Une pré-sélection rémunérée aura lieu après la date limite des manifestations d'intérêt."
            : `La proposition est attendue avant le ${dateTimeFr(event.payload.proposalDeadline)}.`),
      );
    case 'ApplicationShortlisted':
      return body(
        `Pré-sélection : ${consortium} est retenu`,
        `Votre candidature à ${call} est pré-sélectionnée. Une indemnité de co-construction vous est versée.\nMotif : ${event.payload.reason}`,
      );
    case 'ApplicationNotShortlisted':
      return body(
        `Pré-sélection : candidature non retenue, ${facts.callTitle}`,
        `Votre candidature à ${call} n'est pas pré-sélectionnée.\nMotif : ${event.payload.reason}`,
      );
    case 'StipendOrdered':
      return body(
        `Indemnité de pré-sélection ordonnée : ${facts.callTitle}`,
        `L'indemnité de ${formatCentsFr(event.payload.amountCents)} est ordonnée (ordre ${event.payload.paymentOrderId}), répartie ainsi :\n` +
          event.payload.split.map((s) => `- ${s.associationId} : ${formatCentsFr(s.amountCents)}`).join('\n'),
      );
    case 'ProposalSubmitted':
      return body(
        `Proposition reçue : ${facts.callTitle}`,
        `${capitalize(consortium)} demande ${formatCentsFr(event.payload.requestedAmountCents)}, répartis ainsi :\n` +
          event.payload.members.map((m) => `- ${m.associationId} (${m.role}) : ${formatCentsFr(m.shareCents)}`).join('\n'),
      );
    case 'DoubleFundingFlagged':
      return body(
        `Risque de double financement : ${facts.callTitle}`,
        `La proposition ${ofConsortium} recoupe des actions déjà financées sur une période qui se chevauche :\n` +
          event.payload.flags
            .map(
              (f) =>
                `- ${f.associationId} (SIRET ${f.siret}) : dossier ${f.conflictingGrantId} « ${f.conflictingTitle} », du ${dateFr(f.periodStart)} au ${dateFr(f.periodEnd)}`,
            )
            .join('\n'),
      );
    case 'ProposalMissing':
      return body(
        `Aucune proposition reçue : ${facts.callTitle}`,
        `Aucune proposition n'a été déposée avant le ${dateTimeFr(event.payload.proposalDeadline)} : la candidature est close.`,
      );
    case 'ApplicationAwarded':
      return body(
        `Subvention accordée : ${facts.callTitle}`,
        `${capitalize(consortium)} reçoit ${formatCentsFr(event.payload.amountCents)}.\nMotif : ${event.payload.reason}\n` +
          event.payload.payments
            .map(
              (p) =>
                `- ${p.associationId} : ${formatCentsFr(p.awardCents)} (${formatCentsFr(p.firstTrancheCents)} maintenant, ${formatCentsFr(p.finalTrancheCents)} au bilan final)`,
            )
            .join('\n') +
          `\nLe bilan final est attendu avant le ${dateFr(event.payload.reportDueAt)}.`,
      );
    case 'ApplicationNotAwarded':
      return body(`Candidature non retenue : ${facts.callTitle}`, `Votre proposition pour ${call} n'est pas retenue.\nMotif : ${event.payload.reason}`);
    case 'ConsortiumTrancheOrdered':
      return body(
        `Paiement ordonné : ${facts.callTitle}`,
        `${event.payload.tranche === 'award' ? 'La première tranche est ordonnée' : 'Le solde est ordonné'} :\n` +
          event.payload.orders.map((o) => `- ${o.associationId} : ${formatCentsFr(o.amountCents)} (ordre ${o.paymentOrderId})`).join('\n'),
      );
    case 'FinalReportReminderSent':
      return body(`Rappel : bilan final attendu, ${facts.callTitle}`, `Le bilan final est attendu avant le ${dateFr(event.payload.reportDueAt)}.`);
    case 'FinalReportOverdue':
      return body(
        `Bilan final en retard : ${facts.callTitle}`,
        `Le bilan final ${ofConsortium} était attendu le ${dateFr(event.payload.reportDueAt)} ; le solde reste en attente.`,
      );
    case 'FinalReportSubmitted':
      return body(`Bilan final reçu : ${facts.callTitle}`, `${capitalize(consortium)} a déposé son bilan final ; le solde est ordonné.`);
    case 'CallLaunched':
      return body(
        `Ligne de financement à accepter : ${facts.callTitle}`,
        `L'appel à projets ${call} est lancé avec une ligne de votre organisation dans son plan de financement ` +
          `(budget de ${formatCentsFr(event.payload.budgetCents)}).\n` +
          `Acceptez votre ligne : aucune indemnité de pré-sélection ni aucune subvention de l'appel n'est ordonnée avant l'accord de chaque financeur.`,
      );
    case 'CallFundingLineAccepted':
      return body(
        `Ligne de financement acceptée : ${facts.callTitle}`,
        `${event.payload.funderId} accepte sa ligne du plan de financement de l'appel à projets ${call}.` +
          (event.payload.awaitingFunders.length
            ? ` L'appel attend encore l'accord de : ${event.payload.awaitingFunders.join(', ')}.`
            : " Chaque financeur a accepté sa ligne : les indemnités et les subventions de l'appel peuvent être ordonnées."),
      );
    case 'MeetupRsvpRecorded':
    case 'MeetupAttendanceRecorded':
    case 'ConsortiumFormed':
    case 'ExpressionsClosed':
    case 'ShortlistDecided':
    case 'ProposalsClosed':
    case 'AwardsDecided':
      return body(`Étape de l'appel à projets : ${facts.callTitle}`, `Étape enregistrée pour ${call}.`);
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

const frenchDateTime = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

function dateTimeFr(iso: string): string {
  return firstOfMonth(frenchDateTime.format(new Date(iso)));
}

/** French texts of anchoring-agreement notifications. */
export function renderAgreementNotification(event: AgreementEventBody, title: string, link: string): RenderedNotification {
  const name = `« ${title} »`;
  const footer = `\n\nDossier : ${link}`;
  const body = (subject: string, text: string): RenderedNotification => french(subject, text + footer);
  switch (event.type) {
    case 'AgreementProposed':
      return body(
        `Convention pluriannuelle d'ancrage proposée : ${title}`,
        `Une convention de ${plural(event.payload.years, 'an', 'ans')} vous est proposée : ${formatCentsFr(event.payload.yearlyAmountCents)} par an de fonctionnement, ` +
          `à partir du ${dateFr(event.payload.startDate)}, sans nouvelle demande chaque année. ` +
          (event.payload.coordination.mode === 'flat'
            ? `Temps de coordination : forfait de ${formatCentsFr(event.payload.coordination.flatAmountCents)} par an.`
            : `Temps de coordination : ${formatCentsFr(event.payload.coordination.tokenValueCents)} par réunion, dans la limite de ${formatCentsFr(event.payload.coordination.yearlyCapCents)} par an.`),
      );
    case 'AgreementAccepted':
      return body(
        `Convention acceptée : ${title}`,
        `L'association a accepté la convention ${name}.` +
          (event.payload.awaitingFunders?.length
            ? ` Elle attend encore l'accord de chaque financeur sur sa ligne : ${event.payload.awaitingFunders.join(', ')}.`
            : ''),
      );
    case 'FundingLineAccepted':
      return body(
        `Ligne de financement acceptée : ${title}`,
        `${event.payload.funderId} accepte sa ligne du plan de financement de la convention ${name}.` +
          (event.payload.awaitingFunders.length
            ? ` La convention attend encore l'accord de : ${event.payload.awaitingFunders.join(', ')}.`
            : event.payload.associationAccepted
              ? ' Toutes les parties ont accepté : la convention est signée.'
              : " La convention attend l'acceptation de l'association."),
      );
    case 'AgreementWithdrawn':
      return body(`Convention retirée : ${title}`, `La convention ${name} est retirée.\nMotif : ${event.payload.reason}`);
    case 'OperatingTrancheOrdered':
      return body(
        `Tranche ${event.payload.released ? 'débloquée' : 'ordonnée'} : année ${event.payload.year}, ${title}`,
        `La tranche de fonctionnement de l'année ${event.payload.year} (${formatCentsFr(event.payload.amountCents)}) est ordonnée :\n` +
          event.payload.orders.map((o) => `- ${o.funderId} : ${formatCentsFr(o.amountCents)} (ordre ${o.paymentOrderId})`).join('\n'),
      );
    case 'OperatingTrancheWithheld':
      return body(
        `Tranche suspendue : année ${event.payload.year}, ${title}`,
        `La tranche de l'année ${event.payload.year} (${formatCentsFr(event.payload.amountCents)}) est suspendue : ` +
          `le bilan d'activité de l'année ${event.payload.missingReports.join(', ')} n'a pas été reçu. Elle sera versée dès sa réception.`,
      );
    case 'CoordinationTokenCredited':
      return body(`Jeton de présence : ${title}`, `Présence enregistrée à la réunion du ${dateFr(event.payload.date)} (${event.payload.topic}).`);
    case 'CoordinationCompensationOrdered':
      return body(
        `Temps de coordination indemnisé : année ${event.payload.year}, ${title}`,
        `L'indemnisation du temps de coordination de l'année ${event.payload.year} est de ${formatCentsFr(event.payload.amountCents)}` +
          (event.payload.tokens !== undefined ? ` (${plural(event.payload.tokens, 'jeton', 'jetons')} de présence)` : '') +
          (event.payload.proRata ? ', au prorata de la durée de la convention' : '') +
          '.',
      );
    case 'ActivityReportReminderSent':
      return body(
        `Rappel : bilan d'activité de l'année ${event.payload.year}, ${title}`,
        `Le bilan d'activité de l'année ${event.payload.year} est attendu avant le ${dateFr(event.payload.dueAt)}. Sans lui, la tranche suivante est suspendue.`,
      );
    case 'ActivityReportOverdue':
      return body(
        `Bilan d'activité en retard : année ${event.payload.year}, ${title}`,
        `Le bilan d'activité de l'année ${event.payload.year} était attendu le ${dateFr(event.payload.dueAt)}.`,
      );
    case 'ActivityReportSubmitted':
      return body(`Bilan d'activité reçu : année ${event.payload.year}, ${title}`, `Le bilan d'activité de l'année ${event.payload.year} a été déposé.`);
    case 'AmendmentProposed':
      return body(
        `Avenant proposé : ${title}`,
        `Un avenant porte le montant annuel à ${formatCentsFr(event.payload.yearlyAmountCents)} à partir de l'année ${event.payload.fromYear}. Il attend votre accord.` +
          (event.payload.awaitingFunders?.length ? `\nChaque financeur dont la ligne change donne le sien : ${event.payload.awaitingFunders.join(', ')}.` : ''),
      );
    case 'AmendmentAgreed':
      return body(
        `Avenant : un accord de plus, ${title}`,
        `${event.payload.side === 'association' ? "L'association" : event.payload.funderId} accepte l'avenant (${formatCentsFr(event.payload.yearlyAmountCents)} par an à partir de l'année ${event.payload.fromYear}).` +
          (event.payload.awaitingFunders.length ? ` Il attend encore l'accord de : ${event.payload.awaitingFunders.join(', ')}.` : '') +
          (event.payload.associationAgreed ? '' : " Il attend l'accord de l'association."),
      );
    case 'AmendmentAccepted':
      return body(
        `Avenant signé : ${title}`,
        `Le montant annuel est de ${formatCentsFr(event.payload.yearlyAmountCents)} à partir de l'année ${event.payload.fromYear}.`,
      );
    case 'TerminationRequested':
      return body(
        `Résiliation ${event.payload.mode === 'notice' ? 'notifiée' : 'demandée'} : ${title}`,
        (event.payload.mode === 'notice'
          ? `La convention prendra fin le ${dateFr(event.payload.effectiveAt!)}.`
          : event.payload.awaiting
            ? event.payload.awaiting.length
              ? `Une résiliation d'un commun accord est demandée ; elle prend effet quand chaque partie l'a acceptée (attendus : ${event.payload.awaiting.map((p) => (p === 'association' ? "l'association" : p)).join(', ')}).`
              : "Toutes les parties ont accepté la résiliation d'un commun accord : elle prend effet."
            : "Une résiliation d'un commun accord est proposée ; elle prend effet dès l'accord de l'autre partie.") + `\nMotif : ${event.payload.reason}`,
      );
    case 'AgreementTerminated':
      return body(`Convention résiliée : ${title}`, `La convention ${name} a pris fin ; ce qui était dû a été ordonné.\nMotif : ${event.payload.reason}`);
    case 'AgreementCompleted':
      return body(
        `Convention achevée : ${title}`,
        `La convention ${name} est achevée : ${formatCentsFr(event.payload.operatingPaidCents)} de fonctionnement et ${formatCentsFr(event.payload.coordinationPaidCents)} de coordination versés.`,
      );
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

const MILESTONE_FR: Record<string, string> = { design: 'conception', launch: 'lancement', impact_review: "revue d'impact" };
const SUPPORT_FR: Record<string, string> = {
  mentoring: 'parrainage',
  project_management: 'appui à la gestion de projet',
  funding_search: 'recherche de financements',
  impact_analysis: "analyse d'impact",
};

/** French texts of incubation notifications ("moins ici contrôler que faciliter"). */
export function renderIncubationNotification(event: CohortEventBody | IncubationEventBody, title: string, link: string): RenderedNotification {
  const footer = `\n\nDossier : ${link}`;
  const body = (subject: string, text: string): RenderedNotification => french(subject, text + footer);
  switch (event.type) {
    case 'CohortOpened':
      return body(
        `Cohorte d'incubation ouverte : ${title}`,
        `La cohorte accueille ${event.payload.capacity} projets ; propositions jusqu'au ${dateFr(event.payload.nominationDeadline)}.`,
      );
    case 'ProjectNominated':
      return body(
        `Projet proposé à l'incubation : ${event.payload.projectTitle}`,
        `Le projet « ${event.payload.projectTitle} » (${event.payload.associationId}) est proposé pour la cohorte ${title}.`,
      );
    case 'ProjectSelected':
      return body(
        `Projet retenu pour l'incubation : ${event.payload.projectTitle}`,
        `Votre projet est retenu (${event.payload.selected}/${event.payload.capacity}).\nMotif : ${event.payload.reason}`,
      );
    case 'CohortClosed':
      return body(
        `Cohorte close : ${title}`,
        `${plural(event.payload.selected, 'projet retenu', 'projets retenus')} sur ${plural(event.payload.nominations, 'proposé', 'proposés')}.`,
      );
    case 'IncubationStarted':
      return body(
        `Incubation commencée : ${title}`,
        `L'accompagnement de « ${title} » commence : un parrain associatif vous sera proposé, puis un plan d'appui.`,
      );
    case 'MentorAssigned':
      return body(`Parrain désigné : ${title}`, `L'association ${event.payload.mentorAssociationId} accompagne le projet « ${title} ».`);
    case 'SupportPlanSet':
      return body(
        `Plan d'appui : ${title}`,
        `Appuis : ${event.payload.supports.map((s) => SUPPORT_FR[s] ?? s).join(', ')}.\nÉtapes :\n` +
          event.payload.milestones.map((m) => `- ${MILESTONE_FR[m.name] ?? m.name} : avant le ${dateFr(m.dueAt)}`).join('\n'),
      );
    case 'CheckInReminderSent':
      return body(`Point d'étape : ${title}`, `C'est le moment d'un point entre le projet et son parrain (point n° ${event.payload.n}).`);
    case 'MilestoneCompleted':
      return body(
        `Étape franchie : ${title}`,
        `L'étape « ${MILESTONE_FR[event.payload.milestone] ?? event.payload.milestone} » est franchie.` + (event.payload.note ? `\n${event.payload.note}` : ''),
      );
    case 'MilestoneOverdue':
      return body(
        `Étape en retard : ${title}`,
        `L'étape « ${MILESTONE_FR[event.payload.milestone] ?? event.payload.milestone} » était prévue le ${dateFr(event.payload.dueAt)}. Un point avec le parrain peut aider.`,
      );
    case 'FundingLeadRecorded':
      return body(
        `Piste de financement : ${title}`,
        `${event.payload.description}` + (event.payload.openedId ? `\nDemande ouverte : ${event.payload.openedId}` : ''),
      );
    case 'ImpactReportSubmitted':
      return body(`Bilan d'impact reçu : ${title}`, event.payload.summary);
    case 'IncubationGraduated':
      return body(`Projet diplômé : ${title}`, `L'incubation de « ${title} » s'achève.\nImpact : ${event.payload.impactSummary}`);
    case 'IncubationWithdrawn':
      return body(`Incubation arrêtée : ${title}`, `L'incubation de « ${title} » s'arrête.\nMotif : ${event.payload.reason}`);
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

const OPEN_DATA_BLOCKS: Record<PublicationBlock, string> = {
  unknown_funder: "l'organisme n'est pas dans l'annuaire de la plateforme.",
  missing_siret: "l'annuaire n'a pas le SIRET de votre organisme. Un administrateur le renseigne ; la publication reprend alors d'elle-même.",
  invalid_siret: "le SIRET de votre organisme dans l'annuaire n'est pas valide. Un administrateur le corrige ; la publication reprend alors d'elle-même.",
  invalid_row: 'une ligne ne respecterait pas le format SCDL : elle est retenue pour ne jamais publier de ligne fausse. Les administrateurs sont prévenus.',
};

/** A funder's open data: a publication made for it, a deadline coming, a publication its directory entry blocks. */
export function renderOpenDataNotification(event: OpenDataEventBody, funderName: string, link: string): RenderedNotification {
  const footer = `\n\nDonnées publiées : ${link}`;
  const body = (subject: string, text: string): RenderedNotification => french(subject, text + footer);
  switch (event.type) {
    case 'OpenDataPublished': {
      const n = event.payload.rows.length;
      const why =
        event.payload.trigger === 'deadline'
          ? `Le délai légal de trois mois après la signature est échu : ${n === 1 ? 'elle a été publiée' : 'elles ont été publiées'} d'office.`
          : event.payload.trigger === 'automatic'
            ? 'Vos réglages publient les conventions dès leur signature.'
            : 'Publication faite par votre organisme.';
      return body(
        `Données essentielles publiées : ${plural(n, 'convention', 'conventions')} de ${funderName}`,
        `${plural(n, 'ligne publiée', 'lignes publiées')} au format SCDL « Subventions » (données ouvertes). ${why}`,
      );
    }
    case 'OpenDataReminderSent':
      return body(
        `Données essentielles à publier avant le ${dateFr(event.payload.dueBy)}`,
        `${event.payload.rowIds.length === 1 ? '1 convention signée attend sa publication' : `${event.payload.rowIds.length} conventions signées attendent leur publication`} en données ouvertes ` +
          `(obligatoire au-delà de 23 000 € par an, dans les trois mois suivant la signature). ` +
          `Publiez-les, ou elles le seront d'office à l'échéance.`,
      );
    case 'OpenDataPublicationBlocked':
      return body(
        `Publication des données essentielles bloquée : ${funderName}`,
        `${plural(event.payload.rowIds.length, "ligne n'a pas pu être publiée", "lignes n'ont pas pu être publiées")} à l'échéance légale.\n` +
          `Motif : ${OPEN_DATA_BLOCKS[event.payload.code]}`,
      );
    default: {
      const never: never = event;
      throw new Error(`no template for ${JSON.stringify(never)}`);
    }
  }
}

/** The daily digest: the day's notifications of an account, in one e-mail, in its language. */
export function renderDigest(day: string, items: { subject: string; body: string; created_at: Date }[], language: 'fr' | 'en'): RenderedNotification {
  const locale = language === 'en' ? 'en-GB' : 'fr-FR';
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short', timeZone: 'Europe/Paris' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date(`${day}T12:00:00Z`));
  const count = `${items.length} notification${items.length > 1 ? 's' : ''}`;
  return {
    subject: language === 'en' ? `Your digest of ${date}: ${count}` : frenchTypography(`Votre résumé du ${date} : ${count}`),
    text: items.map((item) => `— ${time.format(item.created_at)} · ${item.subject}\n${item.body}`).join('\n\n'),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/**
 * The HTML part of an e-mail: the same text, escaped, in paragraphs. Only the platform's own links
 * (under `platformUrl`) are clickable: a URL someone wrote in a reason or a report stays plain text.
 */
export function toHtml(subject: string, text: string, language: 'fr' | 'en' = 'fr', platformUrl?: string): string {
  const own = (url: string) => platformUrl !== undefined && (url === platformUrl || url.startsWith(`${platformUrl.replace(/\/$/, '')}/`));
  const paragraphs = text
    .split(/\n{2,}/)
    .map((block) =>
      escapeHtml(block)
        .replace(/(https?:\/\/[^\s<]+)/g, (url) => (own(url) ? `<a href="${url}">${url}</a>` : url))
        .replace(/\n/g, '<br>'),
    )
    .map((block) => `<p>${block}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body style="font-family: sans-serif; line-height: 1.5">\n${paragraphs}\n</body></html>`;
}

/**
 * A task force notification as it is sent: the domain's text (TASK_FORCE_NOTICES), the task force's
 * link beneath, French typography applied to the French one.
 */
export function renderTaskForceNotification(event: TaskForceEventBody, state: TaskForceState, link: string, language: 'fr' | 'en'): RenderedNotification {
  const { subject, text } = renderTaskForceNotice(event, { state, link }, language);
  return language === 'fr' ? french(subject, `${text}\n\nTask force : ${link}`) : { subject, text: `${text}\n\nTask force: ${link}` };
}

/** A contribution notification as it is sent: the domain's text (CONTRIBUTION_NOTICES), the link beneath. */
export function renderContributionNotification(
  event: ContributionEventBody,
  state: ContributionState,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  const { subject, text } = renderContributionNotice(event, state, language);
  return language === 'fr' ? french(subject, `${text}\n\nContribution : ${link}`) : { subject, text: `${text}\n\nContribution: ${link}` };
}

/** A routed need's notification as it is sent: the domain's text (REFERRAL_NOTICES), the link beneath. */
export function renderReferralNotification(event: ReferralEventBody, state: ReferralState, link: string, language: 'fr' | 'en'): RenderedNotification {
  const { subject, text } = renderReferralNotice(event, state, language);
  return language === 'fr' ? french(subject, `${text}\n\nBesoin : ${link}`) : { subject, text: `${text}\n\nNeed: ${link}` };
}

/** A CODIR notification as it is sent: the domain's text (CODIR_NOTICES), the link beneath. */
export function renderCodirNotification(event: CodirEventBody, state: CodirState, link: string, language: 'fr' | 'en'): RenderedNotification {
  const { subject, text } = renderCodirNotice(event, state, language);
  return language === 'fr' ? french(subject, `${text}\n\nCODIR QPV : ${link}`) : { subject, text: `${text}\n\nCODIR QPV: ${link}` };
}

/** A mission sheet's notification as it is sent: the domain's text (MISSION_SHEET_NOTICES), the link beneath. */
export function renderMissionSheetNotification(
  event: MissionSheetEventBody,
  state: MissionSheetState,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  const { subject, text } = renderMissionSheetNotice(event, state, language);
  return language === 'fr' ? french(subject, `${text}\n\nFeuille de mission : ${link}`) : { subject, text: `${text}\n\nMission sheet: ${link}` };
}

/** A Copil's notification as it is sent: the domain's text (COPIL_NOTICES), the link beneath. */
export function renderCopilNotification(event: CopilEventBody, state: CopilState, link: string, language: 'fr' | 'en'): RenderedNotification {
  const { subject, text } = renderCopilNotice(event, state, language);
  return language === 'fr' ? french(subject, `${text}\n\nCopil : ${link}`) : { subject, text: `${text}\n\nCopil: ${link}` };
}
