import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { encode, lineReader, MAX_LINE_CHARS, type Work } from '../../src/engine/protocol';
import { credentialOf } from '../../src/engine/rendezvous';
import { HOLD_MS, serve, shouldStop } from '../../src/engine/server';
import { pollFor } from '../support/project';

describe('when the engine leaves', () => {
  const idle = { terraformPid: 4242, terraformGone: false, busy: false, holding: false, idleForMs: 3001, idleMs: 3000 };

  it('leaves once idle longer than its idle time, and always when Terraform is gone', () => {
    expect(shouldStop(idle)).toBe(true);
    expect(shouldStop({ ...idle, idleForMs: 2999 })).toBe(false);
    expect(shouldStop({ ...idle, busy: true, idleForMs: 0, terraformGone: true })).toBe(true);
  });

  it('stays while busy', () => {
    expect(shouldStop({ ...idle, busy: true })).toBe(false);
  });

  it("stays while it holds a destroy step's old triggers for the create step that follows, up to a bound", () => {
    expect(shouldStop({ ...idle, holding: true, idleForMs: HOLD_MS })).toBe(false);
    expect(shouldStop({ ...idle, holding: true, idleForMs: HOLD_MS + 1 })).toBe(true);
    expect(shouldStop({ ...idle, holding: true, terraformGone: true })).toBe(true);
  });

  it('holds nothing for a Terraform it cannot watch: a handler re-parented to init started it', () => {
    expect(shouldStop({ ...idle, terraformPid: 1, holding: true })).toBe(true);
    expect(shouldStop({ ...idle, terraformPid: 1, holding: true, idleForMs: 2999 })).toBe(false);
  });
});

describe('a served engine and malformed input', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-serve-'));
  const files = { socket: path.join(dir, 'e.sock'), lock: path.join(dir, 'e.lock'), log: path.join(dir, 'e.log') };
  // Stands in for Terraform: the engine serves while it runs, and leaves once the test kills it.
  const terraform = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  const worked: Work[] = [];
  let served: Promise<void>;

  beforeAll(async () => {
    fs.writeFileSync(files.lock, String(process.pid));
    served = serve({
      files,
      terraformPid: terraform.pid!,
      token: 'tok',
      idleMs: 60 * 60_000,
      run: async (work) => {
        worked.push(work);
        return { code: 0, stdout: `done ${work.key}\n`, stderr: '' };
      },
      running: () => 0,
      holding: () => false,
      progress: () => '',
      close: async () => {},
    });
    await pollFor('the socket', () => fs.existsSync(files.socket));
  });
  afterAll(async () => {
    terraform.kill('SIGKILL');
    await served;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Sends raw bytes on one connection and returns every line the engine answered before it closed the connection. */
  const exchange = (bytes: Buffer | string, end = false) =>
    new Promise<string[]>((resolve) => {
      const socket = net.connect({ path: files.socket });
      const lines: string[] = [];
      socket.on('data', lineReader({ onLine: (l) => lines.push(l), onTooLong: () => {} }));
      socket.on('error', () => {});
      socket.on('close', () => resolve(lines));
      socket.write(bytes);
      if (end) socket.end();
    });
  const submit = (key: string) =>
    encode({ type: 'submit', credential: credentialOf('tok'), work: { kind: 'users', phase: 'create', manifestDir: 'd', key, arg: 'x' } });

  it.each([
    ['garbage', '\u0000\u00ff{{{ not json\n', /malformed message: not JSON/],
    ['null', 'null\n', /malformed message: not a valid message/],
    ['a submit without work', '{"type":"submit","credential":"x"}\n', /malformed message: not a valid message \(work/],
    ['an unknown type', '{"type":"shutdown"}\n', /malformed message/],
  ])('refuses %s on that connection only; the engine keeps serving', async (_what, line, reason) => {
    const answer = await exchange(line);
    expect(answer.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'refused', reason: expect.stringMatching(reason) }]);
    const ok = await exchange(submit('after'));
    expect(ok.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'verdict', code: 0, stdout: 'done after\n', stderr: '' }]);
  });

  it('refuses a line past the cap without a newline, and ignores a truncated line from a handler that went away', async () => {
    const long = await exchange('x'.repeat(MAX_LINE_CHARS + 10));
    expect(long.map((l) => (JSON.parse(l) as { reason: string }).reason)).toEqual([
      expect.stringMatching(/a line of over \d+ characters without a newline/),
    ]);
    const before = worked.length;
    expect(await exchange(submit('cut').slice(0, 40), true)).toEqual([]);
    expect(worked.length).toBe(before);
  });

  it('reads a key whose multi-byte characters arrive one byte at a time', async () => {
    const key = 'Zoë 日本 😀';
    const bytes = Buffer.from(submit(key), 'utf8');
    const socket = net.connect({ path: files.socket });
    const lines: string[] = [];
    socket.on('data', lineReader({ onLine: (l) => lines.push(l), onTooLong: () => {} }));
    const closed = new Promise((r) => socket.on('close', r));
    await new Promise((r) => socket.once('connect', r));
    for (const byte of bytes) await new Promise((r) => socket.write(Buffer.from([byte]), r));
    await closed;
    expect(worked.at(-1)?.key).toBe(key);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([{ type: 'verdict', code: 0, stdout: `done ${key}\n`, stderr: '' }]);
  });
});
