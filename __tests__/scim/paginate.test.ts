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

const listing = (pageSize: number) => ({ pageSize, idOf: String, what: 'SCIM GET /Users' });

async function pages<T>(gen: AsyncGenerator<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const page of gen) out.push(page);
  return out;
}

test('stops at totalResults without an extra request', async () => {
  const s = server(6, 100);
  expect(await pages(paginate(s.fetch, listing(3)))).toEqual([
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
  expect(await pages(paginate(s.fetch, listing(100)))).toEqual([[1, 2], [3, 4], [5]]);
  expect(s.calls.map(([start]) => start)).toEqual([1, 3, 5]);
});

test('without totalResults, stops on the first empty page', async () => {
  const s = server(3, 2, false);
  expect(await pages(paginate(s.fetch, listing(2)))).toEqual([[1, 2], [3]]);
  expect(s.calls.map(([start]) => start)).toEqual([1, 3, 4]);
});

test('an empty list yields nothing', async () => {
  expect(await pages(paginate(server(0, 10).fetch, listing(10)))).toEqual([]);
});

test('is lazy: breaking out stops fetching', async () => {
  const s = server(10, 2);
  for await (const page of paginate(s.fetch, listing(2))) if (page.includes(1)) break;
  expect(s.calls).toHaveLength(1);
});

test('fails, instead of looping, when the server ignores startIndex and omits totalResults', async () => {
  const calls: number[] = [];
  const same = async (startIndex: number): Promise<Page<number>> => {
    calls.push(startIndex);
    return { items: [1, 2] };
  };
  const read: number[][] = [];
  await expect(
    (async () => {
      for await (const page of paginate(same, listing(2))) read.push(page);
    })(),
  ).rejects.toThrow(
    'SCIM GET /Users: the listing makes no progress: the page at startIndex 3 repeats only results already read (2 so far); does the server ignore startIndex?',
  );
  expect(read).toEqual([[1, 2]]);
  expect(calls).toEqual([1, 3]);
});

test('fails when the server ignores startIndex even with totalResults, rather than yield the first page again as the rest', async () => {
  const same = async (): Promise<Page<number>> => ({ items: [1, 2], totalResults: 5 });
  await expect(pages(paginate(same, listing(2)))).rejects.toThrow(/the listing makes no progress: the page at startIndex 3/);
});

test('fails on an empty page before the total the server counted', async () => {
  const short = async (startIndex: number): Promise<Page<number>> => ({ items: startIndex === 1 ? [1, 2] : [], totalResults: 5 });
  await expect(pages(paginate(short, listing(2)))).rejects.toThrow(
    'SCIM GET /Users: the listing ended early: an empty page at startIndex 3 after 2 of the 5 results the server counted',
  );
});

test('a page that repeats some items among new ones (the list moved) yields each item once', async () => {
  const pagesOf: Record<number, number[]> = { 1: [1, 2], 3: [2, 3], 5: [4] };
  const moving = async (startIndex: number): Promise<Page<number>> => ({ items: pagesOf[startIndex] ?? [], totalResults: 5 });
  expect(await pages(paginate(moving, listing(2)))).toEqual([[1, 2], [3], [4]]);
});
