import { redactor } from '../scim/errors';

/**
 * Removes the token from a message, as given and as the client sends it (trimmed: a token pasted
 * from a file often ends in a newline), raw and URL-encoded.
 */
export function redactToken(text: string, token: string | undefined): string {
  if (token === undefined) return text;
  return redactor([token, token.trim()].filter((t) => t !== ''))(text);
}
