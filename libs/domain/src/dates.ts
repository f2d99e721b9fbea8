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

let frDayTime: Intl.DateTimeFormat | undefined;
let enDayTime: Intl.DateTimeFormat | undefined;

/** "14 mars 2027 à 18:00", "1er avril 2027 à 09:30" (Paris time), as notifications write a meeting's hour. */
export function dayTimeFr(iso: string): string {
  frDayTime ??= new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
  return frDayTime.format(new Date(iso)).replace(/^1 /, '1er ');
}

/** "14 March 2027 at 18:00" (Paris time). */
export function dayTimeEn(iso: string): string {
  enDayTime ??= new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });
  return enDayTime.format(new Date(iso));
}

const parisMonth = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' });

/** The year and month (1-12) of an instant in Paris. */
export function parisYearMonth(iso: string): { year: number; month: number } {
  const parts = parisMonth.formatToParts(new Date(iso));
  return { year: Number(parts.find((p) => p.type === 'year')!.value), month: Number(parts.find((p) => p.type === 'month')!.value) };
}

/** The last instant of a year in Paris (its winter offset: one hour ahead of UTC). */
export function parisYearEndMs(year: number): number {
  return Date.UTC(year + 1, 0, 1) - 3_600_000;
}
