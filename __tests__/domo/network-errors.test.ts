import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScimClient, ScimError } from '../../src/domo/scim';
import { networkFailure } from '../../src/domo/network-errors';

const TOKEN = 'network-errors-token-41c2';

/** A client that fails at once: one attempt, no waiting. */
const clientOf = (baseUrl: string) => new ScimClient({ baseUrl, token: TOKEN, retry: { maxAttempts: 1 } });

async function failureOf(baseUrl: string): Promise<ScimError> {
  const client = clientOf(baseUrl);
  try {
    await client.getUser('1');
  } catch (e) {
    return e as ScimError;
  } finally {
    await client.close();
  }
  throw new Error(`a request to ${baseUrl} succeeded`);
}

/*
 * Real sockets on 127.0.0.1: what Node and OpenSSL report for a wrong scheme or a stopped server,
 * turned into one line naming the server and what to check.
 */
describe('network failures, as a user meets them', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('https:// to a plain-http server: one line on the TLS mismatch, no OpenSSL text', async () => {
    const error = await failureOf(`https://127.0.0.1:${port}/api/identity/v1/scim`);
    expect(error.message).toMatch(/^SCIM GET \/Users\/1 failed: ERR_SSL_WRONG_VERSION_NUMBER: /);
    expect(error.message).toContain(`the TLS handshake with https://127.0.0.1:${port} failed: the server there does not answer in TLS.`);
    expect(error.message).toContain('the local service is http://127.0.0.1:<port>');
    expect(error.message).not.toMatch(/SSL routines|openssl|\n/);
  });

  it('a port where nothing listens: names the server and says to check that it runs', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const free = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failureOf(`http://127.0.0.1:${free}/api/identity/v1/scim`);
    expect(error.message).toMatch(
      new RegExp(
        `failed: ECONNREFUSED: nothing accepts connections at http://127\\.0\\.0\\.1:${free}: is the server running and the port right`,
      ),
    );
  });

  it.each([
    ['ENOTFOUND', 'the host name acme.domo.com was not found (DNS)'],
    ['EAI_AGAIN', 'the host name acme.domo.com could not be looked up right now (DNS)'],
    ['UND_ERR_CONNECT_TIMEOUT', 'no connection to https://acme.domo.com in time'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'NODE_EXTRA_CA_CERTS'],
    ['CERT_HAS_EXPIRED', 'has expired'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'is for another host name'],
  ])('%s: %s', (code, text) => {
    expect(networkFailure(code, 'https://acme.domo.com')).toContain(text);
  });

  it('leaves other codes to Node (the caller keeps its message)', () => {
    expect(networkFailure('ECONNRESET', 'https://acme.domo.com')).toBeUndefined();
  });
});
