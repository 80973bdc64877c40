import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { InputError } from '../../src/errors';
import { LIST_RESPONSE, ScimClient } from '../../src/domo/scim';
import { ScimError } from '../../src/domo/errors';
import { readDomoDataset } from '../../src/sources';

const TOKEN = 'bounded-token-5d1e';

/**
 * A server on 127.0.0.1 that answers every request with `status` and a JSON-looking body that
 * never ends: a client that read bodies whole would wait (and fill memory) for ever.
 */
async function endless(status: number): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.write('{"detail": "');
    const chunk = 'x'.repeat(16 * 1024);
    const pump = () => {
      while (!res.destroyed && res.write(chunk));
      if (!res.destroyed) res.once('drain', pump);
    };
    res.on('close', () => res.removeAllListeners('drain'));
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim`,
    requests: () => requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('response bodies are read with a cap', () => {
  let server: Awaited<ReturnType<typeof endless>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  /** Why `GET /Users/1001` failed against an endless body answered with `status`. */
  async function getUserFailure(status: number, maxBodyBytes?: number): Promise<Error> {
    server = await endless(status);
    const client = new ScimClient({ baseUrl: server.url, token: TOKEN, sleep: async () => {}, ...(maxBodyBytes ? { maxBodyBytes } : {}) });
    try {
      return await rejection(client.getUser('1001'));
    } finally {
      await client.close();
    }
  }

  it('a 2xx body past the limit fails the request naming it, stops reading, and is not retried', async () => {
    const e = await getUserFailure(200, 1024 * 1024);
    expect(e).toBeInstanceOf(ScimError);
    expect(e.message).toBe('SCIM GET /Users/1001 returned 200 with a body larger than the 1 MiB limit; it was not read further');
    expect(server!.requests()).toBe(1);
  });

  it('the default limit is 32 MiB', async () => {
    expect((await getUserFailure(200)).message).toMatch(/larger than the 32 MiB limit/);
  });

  it('an error body is cut at 8 KiB: the error keeps its start and the rest is never read', async () => {
    const e = await getUserFailure(400);
    expect(e).toBeInstanceOf(ScimError);
    expect((e as ScimError).status).toBe(400);
    expect(e.message).toMatch(/^SCIM GET \/Users\/1001 failed with 400/);
    expect(e.message.length).toBeLessThan(8 * 1024);
  });

  it('refuses a limit that is not a positive whole number', () => {
    expect(() => new ScimClient({ baseUrl: 'http://127.0.0.1:1/scim', token: TOKEN, maxBodyBytes: 0 })).toThrow(
      'SCIM maxBodyBytes must be a positive whole number of bytes, got 0',
    );
  });
});

describe('listings that make no progress fail instead of looping', () => {
  const ORIGIN = 'https://acme.domo.com';
  let agent: MockAgent;
  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
  });
  afterEach(async () => {
    await agent.close();
  });
  const user = (n: number) => ({ id: String(n), userName: `u${n}@acme.example` });

  it('a SCIM server that ignores startIndex and omits totalResults: the second page repeats the first, and the listing fails', async () => {
    const starts: string[] = [];
    agent
      .get(ORIGIN)
      .intercept({ method: 'GET', path: (p) => p.startsWith('/api/identity/v1/scim/Users') })
      .reply((opts) => {
        starts.push(new URL(opts.path, ORIGIN).searchParams.get('startIndex')!);
        return { statusCode: 200, data: JSON.stringify({ schemas: [LIST_RESPONSE], Resources: [user(1), user(2)] }) };
      })
      .persist();
    const client = new ScimClient({ baseUrl: `${ORIGIN}/api/identity/v1/scim`, token: TOKEN, dispatcher: agent, sleep: async () => {} });
    const read: string[] = [];
    const e = await rejection(
      (async () => {
        for await (const page of client.listUsers({ pageSize: 2 })) read.push(...page.map((u) => u.userName));
      })(),
    );
    expect(e.message).toBe(
      'SCIM GET /Users: the listing makes no progress: the page at startIndex 3 repeats only results already read (2 so far); does the server ignore startIndex?',
    );
    expect(read).toEqual(['u1@acme.example', 'u2@acme.example']);
    expect(starts).toEqual(['1', '3']);
  });

  it("Domo's query API ignoring OFFSET: the read stops once more rows came than the dataset counts", async () => {
    const sql: string[] = [];
    agent
      .get(ORIGIN)
      .intercept({ method: 'POST', path: '/api/query/v1/execute/ds-1' })
      .reply((opts) => {
        const query = (JSON.parse(opts.body as string) as { sql: string }).sql;
        sql.push(query);
        const rows = query.startsWith('SELECT COUNT(*)')
          ? [[3]]
          : query.includes('LIMIT 0')
            ? []
            : [['a@acme.example'], ['b@acme.example']];
        return { statusCode: 200, data: JSON.stringify({ columns: query.startsWith('SELECT COUNT(*)') ? ['COUNT(*)'] : ['email'], rows }) };
      })
      .persist();
    const e = await rejection(
      readDomoDataset({
        datasetId: 'ds-1',
        auth: { kind: 'developer-token', token: TOKEN, instanceUrl: ORIGIN },
        pageSize: 2,
        dispatcher: agent,
        sleep: async () => {},
      }),
    );
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      'dataset:ds-1: the read makes no progress: 4 rows were read but the dataset counts 3 rows; ' +
        "Domo's query API does not page as expected (does it ignore OFFSET?), or the dataset grew while it was read. Nothing is synthesized from it",
    );
    expect(sql.filter((q) => q.includes('OFFSET'))).toEqual([
      'SELECT * FROM table ORDER BY `email` LIMIT 2 OFFSET 0',
      'SELECT * FROM table ORDER BY `email` LIMIT 2 OFFSET 2',
    ]);
  });
});
