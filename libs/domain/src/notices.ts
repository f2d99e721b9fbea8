import type { Audience } from './roles';

/** A notification's words: its subject and its text. */
export interface NoticeText {
  subject: string;
  text: string;
}

type Body = { type: string; payload: unknown };
type PayloadOf<B extends Body, T extends B['type']> = Extract<B, { type: T }>['payload'];

/**
 * Who hears of one event type of a path and what they read, in French and in English. `S` is what
 * the audiences are read from (the state, or a funding path's parties), `F` what the words name (the
 * state by default, or a funding path's facts).
 */
export interface Notice<B extends Body, S, T extends B['type'], F = S> {
  audiences(state: S, payload: PayloadOf<B, T>): Audience[];
  fr(payload: PayloadOf<B, T>, facts: F): NoticeText;
  en(payload: PayloadOf<B, T>, facts: F): NoticeText;
}

/** A path's notices: a record over its event types, so a new event type does not compile until it has one. */
export type Notices<B extends Body, S, F = S> = { [T in B['type']]: Notice<B, S, T, F> };

/** The two functions a path's recording needs from its notices: the audiences of an event, and its words. */
export function noticesOf<B extends Body, S, F = S>(notices: Notices<B, S, F>) {
  const notice = (type: B['type']) => notices[type as keyof Notices<B, S, F>] as unknown as Notice<B, S, B['type'], F>;
  return {
    audiences: (state: S, event: B): Audience[] => notice(event.type).audiences(state, event.payload as never),
    render: (event: B, facts: F, language: 'fr' | 'en'): NoticeText => {
      const n = notice(event.type);
      return language === 'en' ? n.en(event.payload as never, facts) : n.fr(event.payload as never, facts);
    },
  };
}

/** "1 membre", "3 membres"; "1 member", "3 members": a count and its noun agreeing (zero and one take the singular, as the texts always wrote them). */
export function countOf(n: number, one: string, many: string): string {
  return `${n} ${n > 1 ? many : one}`;
}

/** The text with its first letter a capital, as a sentence starts. */
export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
