import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { EmulatorConfigError } from './errors';
import { SCIM_ROOT_PATH } from './contract';
import { EmulatorContext, RecordedRequest } from './context';
import { DEFAULT_MAX_PAGE_SIZE } from './defaults';
import { Fault, FaultSet } from './faults';
import { errorResponse, SCIM_CONTENT_TYPE, send } from './http';
import { AccessTokenOptions } from './oauth-tokens';
import { dispatch } from './pipeline';
import { EmulatorRateLimit, RateLimiter } from './rate-limit';
import { Seed } from './seed';
import { EmulatorStore } from './store';

export type { RecordedRequest } from './context';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Required in `Authorization: Bearer` or `X-Domo-Developer-Token` on every request. */
  token: string;
  /** Initial state. @default - an empty instance */
  seed?: Seed;
  /** Load state from this file if it exists (else from `seed`) and save it atomically after every change. */
  persistPath?: string;
  /** Larger `count` values are clamped to it. @default 200 */
  maxPageSize?: number;
  /** @default - no rate limit */
  rateLimit?: EmulatorRateLimit;
  /** How `POST /oauth/token` issues public-API access tokens. @default - one-hour tokens, the `now` clock */
  oauth?: AccessTokenOptions;
  /** Clock in epoch ms: rate-limit windows, HTTP-date Retry-After values, access-token expiry, role timestamps. @default Date.now */
  now?: () => number;
  /** How `delay` faults wait, so tests need not. @default - a timer, cleared by close() */
  sleep?: (ms: number) => Promise<void>;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `url` + SCIM_ROOT_PATH */
  readonly scimUrl: string;
  readonly port: number;
  /** Every SCIM and Domo API request (not admin requests), in arrival order; see RecordedRequest.path. */
  readonly requests: RecordedRequest[];
  resetRequests(): void;
  /** Full current state in seed format (a deep copy). */
  snapshot(): Seed;
  store: EmulatorStore;
  addFault(fault: Fault): void;
  clearFaults(): void;
  /** Sets (undefined: removes) the rate limit; its window starts anew. */
  setRateLimit(rl: EmulatorOptions['rateLimit']): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Starts a local Domo-compatible SCIM service on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (!options.token) throw new EmulatorConfigError('startEmulator: "token" is required (the emulator never runs without auth)');
  const ctx: EmulatorContext = {
    store: new EmulatorStore({ seed: options.seed, persistPath: options.persistPath, oauth: options.oauth, now: options.now }),
    faults: new FaultSet(),
    rateLimiter: new RateLimiter(options.rateLimit, options.now),
    requests: [],
    maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    scimUrl: '',
  };
  const timers = new Set<NodeJS.Timeout>();
  const timerSleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });
  const sleep = options.sleep ?? timerSleep;

  const server = createServer((req, res) => {
    dispatch(req, res, { token: options.token, ctx, sleep }).catch((e: unknown) => send(res, errorResponse(e), SCIM_CONTENT_TYPE));
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  ctx.scimUrl = `${url}${SCIM_ROOT_PATH}`;

  return {
    url,
    scimUrl: ctx.scimUrl,
    port,
    requests: ctx.requests,
    resetRequests: () => void (ctx.requests.length = 0),
    snapshot: () => ctx.store.snapshot(),
    store: ctx.store,
    addFault: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    setRateLimit: (rl) => ctx.rateLimiter.set(rl),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}
