import { FaultKind, FaultSet } from './faults';
import { EmulatorRequest, EmulatorResponse } from './http';
import { RateLimiter } from './rate-limit';
import { EmulatorStore } from './store';

/**
 * One SCIM or Domo API request as the emulator saw it, recorded when it arrives, answered or not
 * (401s and 429s included); the token and other headers are never recorded.
 */
export interface RecordedRequest {
  /** Upper-case HTTP method. */
  method: string;
  /**
   * Path without query: relative to the SCIM root for SCIM requests ("/Users/12"), the full path
   * for Domo's other APIs ("/api/user/v1/properties/meta/keys/region"). No SCIM-relative path
   * starts with "/api/", so the two never mix.
   */
  path: string;
  /** Query parameters, decoded; the last value of a repeated name. */
  query: Record<string, string>;
  /** Status answered; 0 while it is not answered yet, or when a 'drop' fault closed the socket without answering. */
  status: number;
  /** Parsed JSON body (the raw text when it was not JSON); absent when the request had none. */
  body?: unknown;
  /** The injected fault that shaped the answer; absent when none did (a 429 of the rate limit is not a fault). */
  fault?: FaultKind;
}

/** Everything route handlers share. */
export interface EmulatorContext {
  readonly store: EmulatorStore;
  readonly faults: FaultSet;
  readonly rateLimiter: RateLimiter;
  readonly requests: RecordedRequest[];
  readonly maxPageSize: number;
  /** Absolute SCIM root URL, known once the server listens. */
  scimUrl: string;
}

export interface EmulatorRoute {
  readonly method: string;
  /** Anchored regex on the area-relative path; capture groups become params. */
  readonly pattern: RegExp;
  handle(req: EmulatorRequest, params: string[], ctx: EmulatorContext): EmulatorResponse | Promise<EmulatorResponse>;
}

/** The route for a request, or why there is none (404 unknown path, 405 known path other method). */
export function findEmulatorRoute(
  routes: readonly EmulatorRoute[],
  method: string,
  path: string,
): { route: EmulatorRoute; params: string[] } | 404 | 405 {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (route.method === method) return { route, params: m.slice(1).map(safeDecode) };
  }
  return pathKnown ? 405 : 404;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
