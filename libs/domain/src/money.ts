/** Money is always an integer number of euro cents. Never a float. */
export type Cents = number;

export const MAX_CENTS = 1_000_000_000_00; // one billion euros: above this an amount is a typo, not a grant

export function isCents(value: unknown): value is Cents {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_CENTS;
}

export function euros(amount: number): Cents {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`euros() takes whole euros, got ${amount}`);
  return amount * 100;
}

export function addCents(...amounts: Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) {
    if (!isCents(amount)) throw new RangeError(`not an amount in cents: ${amount}`);
    total += amount;
  }
  return total;
}

let frenchEuros: Intl.NumberFormat | undefined;

/** 123456 -> "1 234,56 €" (French grouping with a narrow no-break space, as Intl writes it). */
export function formatCentsFr(amount: Cents): string {
  // Created on first use: workflows load this module for every run and never format French amounts.
  frenchEuros ??= new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
  return frenchEuros.format(amount / 100);
}

/** 123456 -> "1234.56 EUR": for logs and English messages, exact and unambiguous. */
export function formatCentsPlain(amount: Cents): string {
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} EUR`;
}

let englishEuros: Intl.NumberFormat | undefined;

/** 123456 -> "€1,234.56" (British English), for English notifications. */
export function formatCentsEn(amount: Cents): string {
  englishEuros ??= new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' });
  return englishEuros.format(amount / 100);
}
