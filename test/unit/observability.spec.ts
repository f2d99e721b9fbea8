import { SEARCH_ATTRIBUTES, searchAttributesOf } from '@grants/contracts';
import { AppLogger, acceptedRequestId, withRequestId } from '@grants/observability';

/** What the logger wrote to stdout while `log` ran. */
function printed(log: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    log();
  } finally {
    spy.mockRestore();
  }
  return lines.join('').split('\n').filter(Boolean);
}

describe('the JSON logger', () => {
  const logger = new AppLogger('api', { level: 'log', format: 'json' });

  it('prints one JSON object per line, with the service, the context and the fields of a structured entry at the top level', () => {
    const [line] = printed(() => logger.log({ message: 'request', method: 'POST', status: 201 }, 'http'));
    expect(JSON.parse(line)).toEqual({
      timestamp: expect.any(Number),
      level: 'log',
      pid: process.pid,
      service: 'api',
      context: 'http',
      message: 'request',
      method: 'POST',
      status: 201,
    });
  });

  it('names the request whose work it logs', () => {
    const [inside] = printed(() => withRequestId('req-1', () => logger.warn('slow answer', 'temporal')));
    expect(JSON.parse(inside)).toMatchObject({ level: 'warn', requestId: 'req-1', message: 'slow answer' });
    const [outside] = printed(() => logger.warn('slow answer', 'temporal'));
    expect(JSON.parse(outside)).not.toHaveProperty('requestId');
  });

  it('keeps below its level quiet, except the lines that announce a process', () => {
    const quiet = new AppLogger('worker', { level: 'warn', format: 'json' });
    expect(printed(() => quiet.log('schedule created'))).toEqual([]);
    const [ready] = printed(() => quiet.announce('worker ready'));
    expect(JSON.parse(ready)).toMatchObject({ level: 'log', service: 'worker', message: 'worker ready' });
  });

  it('reads a structured entry as key=value in text', () => {
    const text = new AppLogger('api', { level: 'log', format: 'text' });
    const [line] = printed(() => text.log({ message: 'request', method: 'GET', path: '/grants' }, 'http'));
    expect(line).toContain('request method=GET path=/grants');
  });
});

describe('request ids', () => {
  it('takes the caller’s when sensible, else makes one', () => {
    expect(acceptedRequestId('edge-7f3a.01:2')).toBe('edge-7f3a.01:2');
    expect(acceptedRequestId(['first', 'second'])).toBe('first');
    for (const odd of [undefined, '', 'a b', '<script>', 'x'.repeat(129), 42]) expect(acceptedRequestId(odd)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('search attributes', () => {
  it('name a lifecycle by kind and status, and by territories, associations and funders when it has any (lists without duplicates)', () => {
    expect(
      searchAttributesOf({ kind: 'anchoring_agreement', status: 'active', territoryIds: ['t1'], associationIds: ['a1'], funderIds: ['f1', 'f2', 'f1'] }),
    ).toEqual([
      { key: SEARCH_ATTRIBUTES.kind, value: 'anchoring_agreement' },
      { key: SEARCH_ATTRIBUTES.status, value: 'active' },
      { key: SEARCH_ATTRIBUTES.territories, value: ['t1'] },
      { key: SEARCH_ATTRIBUTES.associations, value: ['a1'] },
      { key: SEARCH_ATTRIBUTES.funders, value: ['f1', 'f2'] },
    ]);
    expect(searchAttributesOf({ kind: 'codir', status: 'open', territoryIds: ['t1'], funderIds: [] })).toHaveLength(3);
  });
});
