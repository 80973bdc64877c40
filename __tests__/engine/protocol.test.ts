import { encode, lineReader, parseClientMessage, parseEngineMessage, type ClientMessage } from '../../src/engine/protocol';

/** A seeded generator (mulberry32), so every fuzz case is the same on every run and a failure names its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MULTI_BYTE = ['é', 'ß', '日本', '𝒜', '😀', 'Ω', '\u2028', 'a', '<&>', '"', '\\', 'Ä'];

function submit(rand: () => number, length: number): ClientMessage {
  const text = Array.from({ length }, () => MULTI_BYTE[Math.floor(rand() * MULTI_BYTE.length)]).join('');
  const arg = JSON.stringify({ [`${text}@example.com`]: 'a1b2c3d4e5f6' });
  return {
    type: 'submit',
    credential: 'c'.repeat(64),
    work: { kind: 'user-attributes', phase: 'destroy', manifestDir: 'd', key: text, arg },
  };
}

/** Cuts a buffer at random byte offsets, often inside a multi-byte character. */
function chunks(bytes: Buffer, rand: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = 1 + Math.floor(rand() * Math.min(64, bytes.length - at));
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

function read(parts: readonly (Buffer | string)[], maxChars?: number): { lines: string[]; tooLong: number[] } {
  const lines: string[] = [];
  const tooLong: number[] = [];
  const push = lineReader({ onLine: (l) => lines.push(l), onTooLong: (n) => tooLong.push(n), maxChars });
  for (const p of parts) push(p);
  return { lines, tooLong };
}

describe('the engine protocol', () => {
  it('keeps every multi-byte character whole however the bytes are chunked (500 seeded random chunkings)', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rand = random(seed);
      const messages = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => submit(rand, 1 + Math.floor(rand() * 300)));
      const bytes = Buffer.from(messages.map(encode).join(''), 'utf8');
      const { lines, tooLong } = read(chunks(bytes, rand));
      expect({ seed, tooLong }).toEqual({ seed, tooLong: [] });
      const parsed = lines.map(parseClientMessage);
      expect({ seed, parsed }).toEqual({ seed, parsed: messages.map((message) => ({ ok: true, message })) });
      expect(lines.join('')).not.toContain('\uFFFD');
    }
  });

  it('splits a 4-byte character cut after each of its bytes', () => {
    const bytes = Buffer.from(encode({ type: 'output', text: '😀' }), 'utf8');
    const at = bytes.indexOf(Buffer.from('😀'));
    for (let cut = at + 1; cut < at + 4; cut++) {
      const { lines } = read([bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(lines.map(parseEngineMessage)).toEqual([{ ok: true, message: { type: 'output', text: '😀' } }]);
    }
  });

  it('holds a truncated last line back: no message from half a line', () => {
    const line = encode(submit(random(7), 40));
    for (let cut = 1; cut < line.length - 1; cut += 7) expect(read([line.slice(0, cut)]).lines).toEqual([]);
  });

  it('answers garbage with the problem, never a throw (2,000 seeded random byte strings)', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const rand = random(seed);
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
      const { lines } = read(chunks(Buffer.concat([bytes, Buffer.from('\n')]), rand));
      for (const line of lines) {
        const client = parseClientMessage(line);
        const engine = parseEngineMessage(line);
        expect(client.ok || engine.ok).toBe(false);
      }
    }
  });

  it.each([
    ['null', /not a valid message/],
    ['42', /not a valid message/],
    ['[]', /not a valid message/],
    ['{"type":"submit","credential":"x"}', /work/],
    ['{"type":"submit","credential":"x","work":{"kind":"k","phase":"create","manifestDir":"d","key":1,"arg":"a"}}', /work\.key/],
    ['{"type":"submit"', /not JSON/],
    ['{"type":"verdict","code":0}', /not a valid message/],
  ])('refuses %s naming the problem', (line, problem) => {
    const parsed = parseClientMessage(line);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });

  it('checks what the engine sends too: a verdict needs an integer code and both texts', () => {
    expect(parseEngineMessage('{"type":"verdict","code":0,"stdout":"","stderr":""}').ok).toBe(true);
    expect(parseEngineMessage('{"type":"verdict","code":0.5,"stdout":"","stderr":""}').ok).toBe(false);
    expect(parseEngineMessage('{"type":"verdict","code":0,"stdout":""}').ok).toBe(false);
    expect(parseEngineMessage('{"type":"refused"}').ok).toBe(false);
  });

  it('stops at a line longer than the cap, with or without its newline, and reads nothing after it', () => {
    expect(read(['x'.repeat(101)], 100)).toEqual({ lines: [], tooLong: [101] });
    expect(read([`${'x'.repeat(150)}\nok\n`], 100)).toEqual({ lines: [], tooLong: [150] });
    expect(read(['a'.repeat(60), 'b'.repeat(60), '\nok\n'], 100)).toEqual({ lines: [], tooLong: [120] });
    expect(read([`${'x'.repeat(100)}\nok\n`], 100)).toEqual({ lines: ['x'.repeat(100), 'ok'], tooLong: [] });
  });
});
