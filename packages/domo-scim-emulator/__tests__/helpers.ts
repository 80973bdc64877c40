import { join } from 'node:path';
import { loadSeedFile, parseSeed, RunningEmulator, Seed, SeedGroupInput, startEmulator, EmulatorOptions } from '../src';
import { CORE_GROUP, CORE_USER, PATCH_OP } from '../src/contract';

export const TOKEN = 'test-token-123';
export const SEED_PATH = join(__dirname, 'fixtures', 'seed.json');
export const BAD_SEED_PATH = join(__dirname, 'fixtures', 'bad-seed.json');
/** The sample data of the repository this package lives in (the demo's seed and roster). */
export const REPO_DATA = join(__dirname, '..', '..', '..', 'data');

export function testSeed(overrides: Partial<Seed> = {}): Seed {
  return { ...loadSeedFile(SEED_PATH), ...overrides };
}

/** Groups over the test seed's users; the second name needs escaping in a filter. */
export const TEST_GROUPS: SeedGroupInput[] = [
  {
    id: '5001',
    displayName: 'Franchise - Gulf Coast Grill',
    domoDisplayName: 'Gulf Coast Grill',
    description: 'Franchise staff',
    members: ['1001', '1002'],
  },
  { id: '5002', displayName: 'Kitchen "Night" \\ Crew', members: ['1002'] },
  { id: '5003', displayName: 'Empty', members: [] },
];

/** The test seed plus TEST_GROUPS, validated like a seed file. */
export function groupSeed(): Seed {
  return parseSeed({ ...testSeed(), groups: TEST_GROUPS }, 'group test seed');
}

export function start(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ token: TOKEN, seed: testSeed(), ...options });
}

export interface CallOptions {
  body?: unknown;
  /** Raw text body, sent as is. */
  raw?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** false: send no auth header. */
  auth?: boolean;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Calls a path below `base` (scimUrl or url) with the test token. */
export async function call(base: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const url = new URL(base + path);
  for (const [k, v] of Object.entries(options.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...(options.auth === false ? {} : { authorization: `Bearer ${TOKEN}` }), ...options.headers };
  let body: string | undefined = options.raw;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/scim+json';
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function patchBody(...operations: unknown[]) {
  return { schemas: [PATCH_OP], Operations: operations };
}

export function newUser(userName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [CORE_USER], userName, ...extra };
}

export function newGroup(displayName: string, extra: Record<string, unknown> = {}) {
  return { schemas: [CORE_GROUP], displayName, ...extra };
}
