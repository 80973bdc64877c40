import { ConfigError } from '../../src/errors';
import { DEFAULT_MEMBER_BATCH_SIZE, DOMO_GROUP, GROUP_PATHS, memberOperations } from '../../src/domo/scim';

const values = (...ids: string[]) => ids.map((value) => ({ value }));
const range = (n: number, from = 1) => Array.from({ length: n }, (_, i) => String(from + i));

test('GROUP_PATHS are the exact, case-sensitive paths Domo accepts', () => {
  expect(GROUP_PATHS).toEqual({
    members: 'members',
    displayName: 'displayName',
    domoDisplayName: `${DOMO_GROUP}:domoDisplayName`,
    description: `${DOMO_GROUP}:description`,
  });
});

describe('memberOperations', () => {
  test('one request with removals first, each op naming the members path', () => {
    expect(memberOperations(['3', '4'], ['1'])).toEqual([
      [
        { op: 'Remove', path: 'members', value: values('1') },
        { op: 'Add', path: 'members', value: values('3', '4') },
      ],
    ]);
  });

  test('nothing to change is no request at all', () => {
    expect(memberOperations([], [])).toEqual([]);
  });

  test('batches hold at most batchSize ids, filling across the Remove/Add boundary', () => {
    const batches = memberOperations(['a1', 'a2', 'a3'], ['r1', 'r2'], 2);
    expect(batches).toEqual([
      [{ op: 'Remove', path: 'members', value: values('r1', 'r2') }],
      [{ op: 'Add', path: 'members', value: values('a1', 'a2') }],
      [{ op: 'Add', path: 'members', value: values('a3') }],
    ]);
    expect(memberOperations(['a1', 'a2'], ['r1'], 2)).toEqual([
      [
        { op: 'Remove', path: 'members', value: values('r1') },
        { op: 'Add', path: 'members', value: values('a1') },
      ],
      [{ op: 'Add', path: 'members', value: values('a2') }],
    ]);
  });

  test('defaults to 500 ids per request: 1,200 adds are three requests', () => {
    expect(DEFAULT_MEMBER_BATCH_SIZE).toBe(500);
    const batches = memberOperations(range(1200), []);
    expect(batches.map((b) => b.map((o) => (o.value as unknown[]).length))).toEqual([[500], [500], [200]]);
    expect(batches.flat().flatMap((o) => (o.value as { value: string }[]).map((v) => v.value))).toEqual(range(1200));
  });

  test('drops duplicate ids', () => {
    expect(memberOperations(['1', '1', '2'], ['3', '3'])).toEqual([
      [
        { op: 'Remove', path: 'members', value: values('3') },
        { op: 'Add', path: 'members', value: values('1', '2') },
      ],
    ]);
  });

  test('rejects an id both added and removed, empty ids and a bad batch size', () => {
    expect(() => memberOperations(['1', '2'], ['2'])).toThrow(new ConfigError('user id(s) both added to and removed from the group: 2'));
    expect(() => memberOperations([''], [])).toThrow('member ids to add must be non-empty strings, got ""');
    expect(() => memberOperations([], [' '])).toThrow('member ids to remove must be non-empty strings');
    for (const size of [0, 1.5, -1, NaN])
      expect(() => memberOperations(['1'], [], size)).toThrow(`member batchSize must be an integer >= 1, got ${size}`);
  });
});
