import { ScimError } from '../../domo/errors';

/** What a probe call gave: its value, or the error it threw. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Runs a call for a check: errors become outcomes, since a failed call is a finding, not a crash. */
export async function probe<T>(call: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The HTTP status of a failed call, when there was an answer. */
export function statusOf(outcome: Outcome<unknown>): number | undefined {
  return !outcome.ok && outcome.error instanceof ScimError ? outcome.error.status : undefined;
}

/** The error's message: ScimError messages are already free of the token. */
export function reasonOf(outcome: Outcome<unknown>): string {
  if (outcome.ok) return '';
  const e = outcome.error;
  return e instanceof Error ? e.message.replace(/\s+/g, ' ') : String(e);
}
