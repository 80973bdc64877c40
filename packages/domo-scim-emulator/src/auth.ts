import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';

/** Domo accepts either header; the token is compared in constant time and never logged. */
export function isAuthorized(headers: IncomingHttpHeaders, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  const developer = headers['x-domo-developer-token'];
  const candidates = [bearer, Array.isArray(developer) ? developer[0] : developer];
  return candidates.some((c) => c !== undefined && sameSecret(c, token));
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}
