import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/** The API, typed from its own OpenAPI document (schema.d.ts is generated: `npm run web:client`). */
export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin', headers: { accept: 'application/json' } });

export type Schemas = components['schemas'];

/** An error the API answered: its status and message, and the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: string[] = [],
    /** The whole answer (some refusals carry more: a proposal's rules broken). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface ErrorBody {
  message?: string;
  fields?: string[];
}

/** The data of an answer, or an ApiError carrying what went wrong. */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await request;
  if (response.ok) return data as T;
  const body = (error ?? {}) as ErrorBody;
  throw new ApiError(response.status, body.message ?? response.statusText, body.fields ?? [], (error ?? {}) as Record<string, unknown>);
}
