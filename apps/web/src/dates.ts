/** The day of an instant in Paris, as a date field writes it (YYYY-MM-DD): what « today » means to the platform. */
export const parisDay = (at: Date = new Date()) => at.toLocaleDateString('sv-SE', { timeZone: 'Europe/Paris' });
