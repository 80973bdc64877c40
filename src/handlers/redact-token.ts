import { redactor } from '../domo/redact';

/** Removes the token from a message, in every form the transport's redaction knows. */
export function redactToken(text: string, token: string | undefined): string {
  return redactor([token])(text);
}
