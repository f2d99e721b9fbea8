const frDate = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });
const enDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' });

/** "14 mars 2027", "1er janvier 2027" (Paris time), as notifications write a day. */
export function dayFr(iso: string): string {
  return frDate.format(new Date(iso)).replace(/^1 /, '1er ');
}

/** "14 March 2027" (Paris time). */
export function dayEn(iso: string): string {
  return enDate.format(new Date(iso));
}
