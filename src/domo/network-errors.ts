/*
 * A request that never got an answer fails with Node's or OpenSSL's own words (`80AC…:error:0A00010B:
 * SSL routines:ssl3_get_record:wrong version number:../deps/openssl/…`), which name neither the
 * server nor what to check. These are the failures a user meets by a wrong URL, a proxy or a
 * stopped service: each gets one line naming the server and the likely cause.
 */

/** OpenSSL's "this is not TLS" family: the far end answered in plain text (http on an https URL). */
const NOT_TLS = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_HTTP_REQUEST', 'EPROTO']);

/** Certificates Node does not trust. */
const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

/**
 * One line for a transport failure with `code` talking to `origin` (e.g. `https://acme.domo.com`),
 * or undefined when the code is not one of these (the caller keeps Node's message then).
 */
export function networkFailure(code: string, origin: string): string | undefined {
  const host = hostOf(origin);
  if (NOT_TLS.has(code) || (code.startsWith('ERR_SSL_') && code.includes('VERSION')))
    return `the TLS handshake with ${origin} failed: the server there does not answer in TLS. Is the URL https:// while the server serves plain http (the local service is http://127.0.0.1:<port>), or the port wrong?`;
  if (UNTRUSTED.has(code))
    return `the TLS certificate of ${origin} is not trusted (self-signed, or re-signed by a proxy): give Node.js the issuing CA with NODE_EXTRA_CA_CERTS=<file.pem>`;
  if (code === 'CERT_HAS_EXPIRED') return `the TLS certificate of ${origin} has expired (or this machine's clock is wrong)`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `the TLS certificate of ${origin} is for another host name: check the URL's host (${host})`;
  if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))
    return `the TLS handshake with ${origin} failed: check that the URL is the server's https address`;
  if (code === 'ENOTFOUND') return `the host name ${host} was not found (DNS): check the URL's host`;
  if (code === 'EAI_AGAIN') return `the host name ${host} could not be looked up right now (DNS): check this machine's network and DNS`;
  if (code === 'ECONNREFUSED')
    return `nothing accepts connections at ${origin}: is the server running and the port right (the local service prints its URL when it starts)?`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT')
    return `no connection to ${origin} in time: a firewall or proxy may be in the way, or the host is down`;
  return undefined;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).hostname;
  } catch {
    return origin;
  }
}
