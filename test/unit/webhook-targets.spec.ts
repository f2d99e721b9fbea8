import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { forbiddenRange, postToPublicTarget, targetProblem } from '@grants/webhooks/public-target';

describe('webhook targets', () => {
  it('refuses loopback, private, link-local, multicast and reserved addresses, IPv4 and IPv6 alike', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      'fd12::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
    ]) {
      expect({ address, range: forbiddenRange(address) }).toEqual({ address, range: expect.any(String) });
    }
    for (const address of ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c']) expect(forbiddenRange(address)).toBeNull();
  });

  it('checks the scheme, the credentials and every address a URL points to', async () => {
    const strict = { allowPrivate: false, requireHttps: true };
    expect(await targetProblem('http://93.184.215.14/hook', strict)).toBe('url must use https');
    expect(await targetProblem('https://user:pw@93.184.215.14/hook', strict)).toBe('url must not carry credentials');
    expect(await targetProblem('https://[::1]/hook', strict)).toMatch(/points to a loopback address/);
    expect(await targetProblem('https://localhost/hook', strict)).toMatch(/localhost points to a loopback address/);
    expect(await targetProblem('https://169.254.169.254/latest/meta-data', strict)).toMatch(/linkLocal/);
    expect(await targetProblem('https://93.184.215.14/hook', strict)).toBeNull();
    expect(await targetProblem('http://127.0.0.1:9/hook', { allowPrivate: true, requireHttps: false })).toBeNull();
  });

  it('never connects to a private address at delivery, whatever the name points to by then, and says so without telling ports apart', async () => {
    let received = 0;
    const server = createServer((_req, res) => {
      received++;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const strict = { allowPrivate: false, timeoutMs: 2_000 };
      // A name registered while public, now pointing at this machine (DNS rebinding): refused on the address connected to.
      expect(await postToPublicTarget(`http://localhost:${port}/hook`, {}, '{}', strict)).toEqual({ statusCode: null, error: 'refused: not a public address' });
      expect(await postToPublicTarget(`http://127.0.0.1:${port}/hook`, {}, '{}', strict)).toEqual({ statusCode: null, error: 'refused: not a public address' });
      expect(received).toBe(0);
      // Development and tests may allow it; a closed port and a refused one read the same.
      expect(await postToPublicTarget(`http://localhost:${port}/hook`, {}, '{}', { allowPrivate: true, timeoutMs: 2_000 })).toEqual({
        statusCode: 200,
        error: null,
      });
      expect(received).toBe(1);
      expect(await postToPublicTarget('http://127.0.0.1:9/hook', {}, '{}', { allowPrivate: true, timeoutMs: 2_000 })).toEqual({
        statusCode: null,
        error: 'could not connect',
      });
    } finally {
      server.close();
    }
  });
});
