import { ScimError, ScimTimeoutError } from '../scim/errors';

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
