import { useQuery } from '@tanstack/react-query';
import { api, ApiError, call, Schemas } from './client';

export type Me = Schemas['MeDto'];

/** Who is signed in: the account (or an identity without one), or null when nobody is. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        return await call(api.GET('/auth/me'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** Where the sign-in flow starts, coming back to this page afterwards. */
export function signInUrl(returnTo: string = window.location.pathname + window.location.search): string {
  return `/auth/login?returnTo=${encodeURIComponent(returnTo)}`;
}
