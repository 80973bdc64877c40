import { redactor } from './redact';
import { ErrorBodySchema } from './scim/schemas';

export { redactor };

const EXCERPT_MAX = 200;

/** A short single-line excerpt of an error body; HTML tags are dropped so the reason shows. */
export function excerpt(text: string, max = EXCERPT_MAX): string {
  const plain = /<[a-z!/]/i.test(text) ? text.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ') : text;
  const line = plain.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The error code of a Node/undici error, looking through wrappers (`cause`, AggregateError). */
export function errorCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === 'string') return code;
    const inner = e instanceof AggregateError ? e.errors[0] : (e as { cause?: unknown }).cause;
    e = inner;
  }
  return undefined;
}

export interface ScimErrorInit {
  readonly method: string;
  /** The request path relative to the SCIM root, without the query (which may hold PII). */
  readonly path: string;
  readonly status?: number;
  readonly scimType?: string;
  readonly detail?: string;
  readonly cause?: unknown;
  /** @default - built from method, path, status, scimType and detail */
  readonly message?: string;
  /** Values (the token) removed from every string the error stores. */
  readonly secrets?: readonly string[];
}

/** A failed SCIM call. Nothing it stores contains the access token. */
export class ScimError extends Error {
  override name = 'ScimError';
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly scimType?: string;
  readonly detail?: string;
  override readonly cause?: unknown;

  constructor(init: ScimErrorInit) {
    const redact = redactor(init.secrets);
    const detail = init.detail === undefined ? undefined : redact(init.detail);
    super(redact(init.message ?? describe({ ...init, detail })));
    this.method = init.method;
    this.path = redact(init.path);
    if (init.status !== undefined) this.status = init.status;
    if (init.scimType !== undefined) this.scimType = redact(init.scimType);
    if (detail !== undefined) this.detail = detail;
    if (init.cause !== undefined) this.cause = sanitize(init.cause, redact);
  }

  /** A copy of this error (same class) with a note appended to the message. */
  annotate(note: string, Class: new (init: ScimErrorInit) => ScimError = this.constructor as never): ScimError {
    const { method, path, status, scimType, detail, cause } = this;
    return new Class({ method, path, status, scimType, detail, cause, message: `${this.message} (${note})` });
  }
}

/** The total time cap was exceeded, or the server did not answer within the request timeout. */
export class ScimTimeoutError extends ScimError {
  override name = 'ScimTimeoutError';
}

function describe(init: ScimErrorInit): string {
  const head = `SCIM ${init.method} ${init.path} failed`;
  if (init.status === undefined) return `${head}${init.detail ? `: ${init.detail}` : ''}`;
  return `${head} with ${init.status}${init.scimType ? ` ${init.scimType}` : ''}${init.detail ? `: ${init.detail}` : ''}`;
}

/** Copies an error cause with the secrets removed; keeps name and code so callers can classify it. */
function sanitize(cause: unknown, redact: (s: string) => string, depth = 0): unknown {
  if (cause instanceof ScimError) return cause;
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redact(cause) : redact(String(cause));
  const copy = new Error(redact(cause.message));
  copy.name = cause.name;
  copy.stack = cause.stack === undefined ? undefined : redact(cause.stack);
  const { code } = cause as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code });
  if (cause.cause !== undefined && depth < 3) copy.cause = sanitize(cause.cause, redact, depth + 1);
  return copy;
}

/** The ScimError for a non-2xx response, tolerant of HTML, plain text and non-SCIM JSON bodies. */
export function errorFromResponse(args: {
  method: string;
  path: string;
  status: number;
  body: string;
  secrets: readonly string[];
}): ScimError {
  // Redact before excerpting, or truncation could cut the token and leave half of it behind.
  const text = redactor(args.secrets)(args.body);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = ErrorBodySchema.safeParse(json);
  const fields = parsed.success ? parsed.data : {};
  const reason = fields.detail ?? fields.message ?? fields.error_description ?? fields.error;
  const detail = reason ?? (text.trim() === '' ? undefined : excerpt(text));
  return new ScimError({ ...args, scimType: fields.scimType, detail, secrets: args.secrets });
}

/**
 * A failed call to one of Domo's non-SCIM APIs. A ScimError, because it comes from the same
 * transport (retries, redaction), named apart so a message never claims it was a SCIM call.
 */
export class DomoApiError extends ScimError {
  override name = 'DomoApiError';
}

/** The transport's error relabelled for a Domo API call; timeouts stay ScimTimeoutError, so retry logic still sees them. */
export function asDomoApiError(e: unknown): unknown {
  if (!(e instanceof ScimError) || e instanceof DomoApiError) return e;
  const Class = e instanceof ScimTimeoutError ? ScimTimeoutError : DomoApiError;
  const { method, path, status, scimType, detail, cause } = e;
  // Already redacted: the transport never stores the token.
  return new Class({ method, path, status, scimType, detail, cause, message: e.message.replace(/^SCIM /, 'Domo API ') });
}
