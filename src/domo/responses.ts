import { z } from 'zod';
import { asDomoApiError, errorCode, excerpt, ScimError, ScimTimeoutError, type ScimErrorInit } from './errors';
import { networkFailure } from './network-errors';
import { redactor } from './redact';
import { TIMEOUT_CODES, type AttemptResult } from './retry';

/** The transport's typed errors for one API: labelled `SCIM` or `Domo API`, secrets removed. */
export class ErrorMaker {
  readonly #redact: (text: string) => string;

  constructor(
    readonly label: 'SCIM' | 'Domo API',
    private readonly secrets: readonly string[],
    /** The server's origin, named in messages of failures that got no answer. */
    private readonly origin?: string,
  ) {
    this.#redact = redactor(secrets);
  }

  redact(text: string): string {
    return this.#redact(text);
  }

  /** No status: a body that broke off after the headers is a transport failure too, retried as such. */
  transport(method: string, path: string, cause: unknown): ScimError {
    const code = errorCode(cause);
    const known = code !== undefined && this.origin !== undefined ? networkFailure(code, this.origin) : undefined;
    const reason = known ?? (cause instanceof Error ? cause.message : String(cause));
    const message = `${this.label} ${method} ${path} failed: ${code ? `${code}${known ? ':' : ''} ` : ''}${reason}`;
    const init = { method, path, cause, secrets: this.secrets, message };
    return code !== undefined && TIMEOUT_CODES.has(code) ? new ScimTimeoutError(init) : this.make(init);
  }

  make(init: ScimErrorInit): ScimError {
    return this.relabel(new ScimError({ ...init, secrets: this.secrets }));
  }

  relabel(error: ScimError): ScimError {
    return this.label === 'SCIM' ? error : (asDomoApiError(error) as ScimError);
  }
}

/** A 2xx body: empty, or JSON validated by `schema` when one is given. */
export function parseBody<T>(
  errors: ErrorMaker,
  method: string,
  path: string,
  status: number,
  text: string,
  schema?: z.ZodType<T>,
): AttemptResult<{ status: number; body: T | undefined }> {
  if (text.trim() === '') return { ok: true, value: { status, body: undefined } };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    const message = `${errors.label} ${method} ${path} returned ${status} with a body that is not JSON: ${excerpt(errors.redact(text))}`;
    return { ok: false, error: errors.make({ method, path, status, cause, message }) };
  }
  if (schema === undefined) return { ok: true, value: { status, body: json as T } };
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: { status, body: parsed.data } };
  const problems = z.prettifyError(parsed.error);
  const message = `${errors.label} ${method} ${path} returned ${status} with an unexpected body:\n${problems}`;
  return { ok: false, error: errors.make({ method, path, status, detail: problems, message }) };
}

/** encodeURIComponent, not URLSearchParams: some servers do not decode '+' as a space in filters. */
export function queryString(query: Record<string, string> | undefined): string {
  const entries = Object.entries(query ?? {});
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}
