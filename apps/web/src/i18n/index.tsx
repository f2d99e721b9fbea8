import { createContext, ReactNode, useContext, useEffect, useMemo } from 'react';
import { en } from './en';
import { fr, MessageKey } from './fr';

export type Language = 'fr' | 'en';

export interface I18n {
  language: Language;
  /**
   * The text of a key, `{name}` replaced by its value, and `{name:one|other}` by the form its number
   * takes (« 1 dossier », « 0 dossier », « 3 dossiers »; "1 file", "0 files").
   */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
  /** "1 500,00 €" (French) or "€1,500.00" (English) from integer cents. */
  euros: (cents: number) => string;
  /** "26 novembre 2026". */
  date: (iso: string) => string;
  /** "26 novembre 2026 à 14:05". */
  dateTime: (iso: string) => string;
}

export function i18nFor(language: Language): I18n {
  const messages: Record<MessageKey, string> = language === 'en' ? en : fr;
  const locale = language === 'en' ? 'en-GB' : 'fr-FR';
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/Paris' });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
  const plural = new Intl.PluralRules(locale);
  return {
    language,
    t: (key, params) =>
      messages[key]
        .replace(/\{(\w+):([^|}]*)\|([^}]*)\}/g, (_, name: string, one: string, other: string) =>
          plural.select(Number(params?.[name])) === 'one' ? one : other,
        )
        .replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`)),
    euros: (cents) => money.format(cents / 100),
    date: (iso) => firstOfMonth(day.format(new Date(iso)), language),
    dateTime: (iso) => firstOfMonth(moment.format(new Date(iso)), language),
  };
}

/** French writes the first of a month « 1er » (« 1er juillet 2029 »), as the e-mails do. */
function firstOfMonth(text: string, language: Language): string {
  return language === 'fr' ? text.replace(/^1(?=[\s\u00a0\u202f])/, '1er') : text;
}

const Context = createContext<I18n>(i18nFor('fr'));

export function I18nProvider({ language, children }: { language: Language; children: ReactNode }) {
  const value = useMemo(() => i18nFor(language), [language]);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  return useContext(Context);
}
