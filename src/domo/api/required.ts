import { DomoApiError } from '../errors';
import type { DomoTransport } from '../transport';
import type { RequestOptions } from '../transport-options';

/** The validated body of a call that must answer one (a listing, a read); an empty 2xx is a DomoApiError. */
export async function requiredBody<T>(transport: DomoTransport, method: string, path: string, opts: RequestOptions<T>): Promise<T> {
  const { status, body } = await transport.request(method, path, opts);
  if (body !== undefined) return body;
  throw new DomoApiError({
    method,
    path,
    status,
    message: `Domo API ${method} ${path} returned ${status} with an empty body where one was expected`,
  });
}
