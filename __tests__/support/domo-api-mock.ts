import { MockAgent } from 'undici';

/** The instance the Domo API client unit tests talk to, through undici's MockAgent. */
export const ORIGIN = 'https://acme.domo.com';

/** A request as the mock received it, header names in lower case. */
export interface Seen {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A MockAgent for each test of the file, refusing the network and checking that every expected call came. */
export function useMockAgent(): () => MockAgent {
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
  return () => agent;
}

/** Replies to the next request to `origin` matching method and path prefix, recording what was sent. */
export function expectCall(
  agent: MockAgent,
  method: string,
  pathPrefix: string,
  reply: { status: number; data?: unknown },
  seen: Seen[] = [],
  origin = ORIGIN,
): Seen[] {
  agent
    .get(origin)
    .intercept({ method, path: (p) => p.startsWith(pathPrefix) })
    .reply((opts) => {
      const headers = Object.fromEntries(
        Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      seen.push({ path: opts.path, method: opts.method, headers, body: typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined });
      const data = reply.data === undefined ? '' : typeof reply.data === 'string' ? reply.data : JSON.stringify(reply.data);
      return { statusCode: reply.status, data };
    });
  return seen;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}
