import { LookupAddress, LookupOptions, lookup as dnsLookup } from 'node:dns';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Webhooks go to the outside world only: never to this machine, a private network, a link-local
 * address (cloud metadata at 169.254.169.254 among them), multicast or any reserved range, in IPv4
 * or IPv6 (IPv4-mapped and tunnelled forms included). Checked when an endpoint is registered, and
 * again on the very address each delivery connects to, so that a name re-pointed later (DNS
 * rebinding) reaches nothing inside.
 */
export function forbiddenRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an address';
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? null : range;
}

export class ForbiddenTargetError extends Error {
  readonly code = 'EFORBIDDENTARGET';
}

/** Every address a host name stands for (an IP literal stands for itself). */
function addressesOf(host: string): Promise<LookupAddress[]> {
  const literal = host.replace(/^\[|\]$/g, '');
  if (isIP(literal)) return Promise.resolve([{ address: literal, family: isIP(literal) }]);
  return new Promise((resolve, reject) =>
    dnsLookup(literal, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/**
 * What is wrong with a webhook URL (null when nothing is): its scheme, then each address its host
 * resolves to now. `allowPrivate` is for development and the test suites (receivers on 127.0.0.1).
 */
export async function targetProblem(url: string, options: { allowPrivate: boolean; requireHttps: boolean }): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url must be an http(s) URL';
  }
  if (options.requireHttps && parsed.protocol !== 'https:') return 'url must use https';
  if (parsed.username || parsed.password) return 'url must not carry credentials';
  if (options.allowPrivate) return null;
  let addresses: LookupAddress[];
  try {
    addresses = await addressesOf(parsed.hostname);
  } catch {
    return `url: the host ${parsed.hostname} does not resolve`;
  }
  for (const { address } of addresses) {
    const range = forbiddenRange(address);
    if (range) return `url: ${parsed.hostname} points to a ${range} address; webhooks go to public addresses only`;
  }
  return null;
}

/**
 * A `lookup` for node:http(s) that connects only to public addresses: the check happens on the
 * address the socket will use, with no window between checking and connecting.
 */
export function publicOnlyLookup(allowPrivate: boolean) {
  return (
    hostname: string,
    options: LookupOptions,
    callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ): void => {
    dnsLookup(hostname, { ...options, all: true, verbatim: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const allowed = allowPrivate ? addresses : addresses.filter((a) => !forbiddenRange(a.address));
      if (!allowed.length) return callback(new ForbiddenTargetError(`${hostname} points to no public address`), '', 0);
      if (options.all) return callback(null, allowed);
      return callback(null, allowed[0].address, allowed[0].family);
    });
  };
}

/**
 * POSTs a webhook body to a public address only, never following redirects, within a time limit.
 * What the log may say of a failure stays coarse ("could not connect"), so that the delivery log
 * cannot be used to map which ports answer where.
 */
export async function postToPublicTarget(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<{ statusCode: number | null; error: string | null }> {
  const parsed = new URL(url);
  const request = parsed.protocol === 'https:' ? httpsRequest : httpRequest;
  const literal = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !options.allowPrivate && forbiddenRange(literal)) return { statusCode: null, error: 'refused: not a public address' };
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: { statusCode: number | null; error: string | null }) => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    const req = request(
      parsed,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: publicOnlyLookup(options.allowPrivate),
        timeout: options.timeoutMs,
      },
      (res: IncomingMessage) => {
        res.resume(); // the answer's body is not read, only its status
        res.on('end', () => done({ statusCode: res.statusCode ?? null, error: null }));
        res.on('error', () => done({ statusCode: res.statusCode ?? null, error: null }));
      },
    );
    req.on('timeout', () => {
      req.destroy();
      done({ statusCode: null, error: 'no answer in time' });
    });
    req.on('error', (error: Error) => {
      done({ statusCode: null, error: error instanceof ForbiddenTargetError ? 'refused: not a public address' : 'could not connect' });
    });
    req.end(body);
  });
}
