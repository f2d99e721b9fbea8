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
  dayFr,
  countOf,
  NoticeText,
  CallFacts,
  callNotice,
  agreementNotice,
  incubationNotice,
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

/** The French notification as it is sent: typography applied to its subject and text. */
function french(subject: string, text: string): RenderedNotification {
  return { subject: frenchTypography(subject), text: frenchTypography(text) };
}

/**
 * A notification as it is sent: the domain's words, the page's link beneath (`footer`, one per
 * language), French typography applied to the French one.
 */
function asSent({ subject, text }: NoticeText, language: 'fr' | 'en', footer: { fr: string; en: string }): RenderedNotification {
  return language === 'fr' ? french(subject, `${text}\n\n${footer.fr}`) : { subject, text: `${text}\n\n${footer.en}` };
}

const file = (link: string) => ({ fr: `Dossier : ${link}`, en: `File: ${link}` });

/** A micro-grant notification as it is sent (MICRO_GRANT_NOTICES). */
export function renderMicroGrantNotification(event: MicroGrantEventBody, grant: GrantFacts, link: string, language: 'fr' | 'en'): RenderedNotification {
  return asSent(microGrantNotice(event, grant, language), language, file(link));
}

/** A call's or an application's notification as it is sent (CALL_NOTICES). */
export function renderCallNotification(
  event: CallEventBody | ApplicationEventBody,
  facts: CallFacts,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  return asSent(callNotice(event, facts, language), language, file(link));
}

/** An anchoring agreement's notification as it is sent (AGREEMENT_NOTICES). */
export function renderAgreementNotification(event: AgreementEventBody, title: string, link: string, language: 'fr' | 'en'): RenderedNotification {
  return asSent(agreementNotice(event, title, language), language, file(link));
}

/** A cohort's or an incubation's notification as it is sent (INCUBATION_NOTICES). */
export function renderIncubationNotification(
  event: CohortEventBody | IncubationEventBody,
  title: string,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  return asSent(incubationNotice(event, title, language), language, file(link));
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
        `Données essentielles publiées : ${countOf(n, 'convention', 'conventions')} de ${funderName}`,
        `${countOf(n, 'ligne publiée', 'lignes publiées')} au format SCDL « Subventions » (données ouvertes). ${why}`,
      );
    }
    case 'OpenDataReminderSent':
      return body(
        `Données essentielles à publier avant le ${dayFr(event.payload.dueBy)}`,
        `${event.payload.rowIds.length === 1 ? '1 convention signée attend sa publication' : `${event.payload.rowIds.length} conventions signées attendent leur publication`} en données ouvertes ` +
          `(obligatoire au-delà de 23 000 € par an, dans les trois mois suivant la signature). ` +
          `Publiez-les, ou elles le seront d'office à l'échéance.`,
      );
    case 'OpenDataPublicationBlocked':
      return body(
        `Publication des données essentielles bloquée : ${funderName}`,
        `${countOf(event.payload.rowIds.length, "ligne n'a pas pu être publiée", "lignes n'ont pas pu être publiées")} à l'échéance légale.\n` +
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
  return asSent(renderTaskForceNotice(event, { state, link }, language), language, { fr: `Task force : ${link}`, en: `Task force: ${link}` });
}

/** A contribution notification as it is sent: the domain's text (CONTRIBUTION_NOTICES), the link beneath. */
export function renderContributionNotification(
  event: ContributionEventBody,
  state: ContributionState,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  return asSent(renderContributionNotice(event, state, language), language, { fr: `Contribution : ${link}`, en: `Contribution: ${link}` });
}

/** A routed need's notification as it is sent: the domain's text (REFERRAL_NOTICES), the link beneath. */
export function renderReferralNotification(event: ReferralEventBody, state: ReferralState, link: string, language: 'fr' | 'en'): RenderedNotification {
  return asSent(renderReferralNotice(event, state, language), language, { fr: `Besoin : ${link}`, en: `Need: ${link}` });
}

/** A CODIR notification as it is sent: the domain's text (CODIR_NOTICES), the link beneath. */
export function renderCodirNotification(event: CodirEventBody, state: CodirState, link: string, language: 'fr' | 'en'): RenderedNotification {
  return asSent(renderCodirNotice(event, state, language), language, { fr: `CODIR QPV : ${link}`, en: `CODIR QPV: ${link}` });
}

/** A mission sheet's notification as it is sent: the domain's text (MISSION_SHEET_NOTICES), the link beneath. */
export function renderMissionSheetNotification(
  event: MissionSheetEventBody,
  state: MissionSheetState,
  link: string,
  language: 'fr' | 'en',
): RenderedNotification {
  return asSent(renderMissionSheetNotice(event, state, language), language, { fr: `Feuille de mission : ${link}`, en: `Mission sheet: ${link}` });
}

/** A Copil's notification as it is sent: the domain's text (COPIL_NOTICES), the link beneath. */
export function renderCopilNotification(event: CopilEventBody, state: CopilState, link: string, language: 'fr' | 'en'): RenderedNotification {
  return asSent(renderCopilNotice(event, state, language), language, { fr: `Copil : ${link}`, en: `Copil: ${link}` });
}
