import { paginate, type Page } from '../../src/domo/scim';

/** A server over `total` items that returns at most `clamp` per page, whatever count was asked. */
function server(total: number, clamp: number, reportTotal = true) {
  const calls: [number, number][] = [];
  const fetch = async (startIndex: number, count: number): Promise<Page<number>> => {
    calls.push([startIndex, count]);
    const items = Array.from({ length: total }, (_, i) => i + 1).slice(startIndex - 1, startIndex - 1 + Math.min(count, clamp));
    return { items, totalResults: reportTotal ? total : undefined };
  };
  return { calls, fetch };
}

async function pages<T>(gen: AsyncGenerator<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of gen) out.push(page);
  return out;
}

test('stops at totalResults without an extra request', async () => {
  const s = server(6, 100);
  expect(await pages(paginate(s.fetch, 3))).toEqual([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  expect(s.calls).toEqual([
    [1, 3],
    [4, 3],
  ]);
});

test('follows a server that clamps count', async () => {
  const s = server(5, 2);
  expect(await pages(paginate(s.fetch, 100))).toEqual([[1, 2], [3, 4], [5]]);
  expect(s.calls.map(([start]) => start)).toEqual([1, 3, 5]);
});

test('without totalResults, stops on the first empty page', async () => {
  const s = server(3, 2, false);
  expect(await pages(paginate(s.fetch, 2))).toEqual([[1, 2], [3]]);
  expect(s.calls.map(([start]) => start)).toEqual([1, 3, 4]);
});

test('an empty list yields nothing', async () => {
  expect(await pages(paginate(server(0, 10).fetch, 10))).toEqual([]);
});

test('is lazy: breaking out stops fetching', async () => {
  const s = server(10, 2);
  for await (const page of paginate(s.fetch, 2)) if (page.includes(1)) break;
  expect(s.calls).toHaveLength(1);
});
