import { useSyncExternalStore } from 'react';
import { api } from './client';

/** The demo mode as the API announces it in every answer's `Demo-Time` header (null in real time). */
export interface DemoTime {
  yearSeconds: number;
  daySeconds: number;
}

let current: DemoTime | null = null;
const listeners = new Set<() => void>();

function parse(header: string): DemoTime | null {
  const year = /year=([\d.]+)s/.exec(header);
  const day = /day=([\d.]+)s/.exec(header);
  return year && day ? { yearSeconds: Number(year[1]), daySeconds: Number(day[1]) } : null;
}

api.use({
  onResponse({ response }) {
    const header = response.headers.get('demo-time');
    const next = header ? parse(header) : null;
    if (next?.yearSeconds !== current?.yearSeconds) {
      current = next;
      listeners.forEach((listener) => listener());
    }
    return undefined;
  },
});

/** Whether time is compressed on this platform (a demo), for the header's banner. */
export function useDemoTime(): DemoTime | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}
