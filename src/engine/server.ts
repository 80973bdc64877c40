import * as fs from 'node:fs';
import * as net from 'node:net';
import { isAlive, removeIfHolds } from './lock-file';
import { claimEngineLock, credentialOf, type EngineFiles } from './rendezvous';
import { encode, lineReader, parseClientMessage, type ClientMessage, type EngineMessage, type Work } from './protocol';
import type { Verdict } from './outcome';

export interface ServeOptions {
  readonly files: EngineFiles;
  /** The Terraform process of this apply: when it is gone, the engine is too. */
  readonly terraformPid: number;
  readonly token: string;
  /** Does one instance's work. */
  run(work: Work): Promise<Verdict>;
  /** How many instances are being worked on now. */
  running(): number;
  /**
   * The engine holds something a later step of this apply needs: a destroy step's old triggers
   * whose create step has not come yet. Terraform writes its state between the two, which takes
   * seconds for a large stack; an engine that left meanwhile would make the create reconcile its
   * whole shard. An instance only removed has no create step: the engine then leaves with
   * Terraform, at the end of the apply.
   */
  holding(): boolean;
  /** One line about the whole deploy, printed by a waiting handler every 10 s. */
  progress(): string;
  /** Releases what the engine holds (connections to Domo). */
  close(): Promise<void>;
  /** @default 3000 */
  readonly idleMs?: number;
  /** @default 10_000 */
  readonly progressEveryMs?: number;
}

/**
 * How long an idle engine waits for the create step whose old triggers it holds. Terraform writes
 * its state in seconds even for large stacks; the cap only bounds an engine whose Terraform it
 * cannot see go.
 */
export const HOLD_MS = 5 * 60_000;

/**
 * When the engine leaves: with its Terraform, or once idle (longer while it holds what the apply
 * still needs). A handler whose Terraform was killed while it started sees init (pid 1) as its
 * parent: an engine watching pid 1 cannot see its Terraform go, so it holds nothing for it.
 */
export function shouldStop(s: {
  readonly terraformPid: number;
  readonly terraformGone: boolean;
  readonly busy: boolean;
  readonly holding: boolean;
  readonly idleForMs: number;
  readonly idleMs: number;
}): boolean {
  const hold = s.holding && s.terraformPid !== 1;
  return s.terraformGone || (!s.busy && s.idleForMs > (hold ? HOLD_MS : s.idleMs));
}

/**
 * The engine process: takes the apply's engine lock, serves the handlers of the apply on its
 * socket (mode 0600) until it has been idle for a few seconds or Terraform is gone, then removes
 * its socket, log and lock.
 * Every instance gets only its own verdict; a refused credential gets nothing done.
 */
export function serve(options: ServeOptions): Promise<void> {
  return new Promise((resolve) => new EngineServer(options, resolve).listen());
}

class EngineServer {
  readonly #options: ServeOptions;
  readonly #credential: string;
  readonly #connections = new Set<net.Socket>();
  readonly #server: net.Server;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #done: () => void;
  #lastActivity = Date.now();
  #closing = false;
  /** The lock as this engine wrote it: removed at the end only if it still is. */
  #lock: string | undefined;

  constructor(options: ServeOptions, done: () => void) {
    this.#options = options;
    this.#credential = credentialOf(options.token);
    this.#done = done;
    this.#server = net.createServer((socket) => this.#accept(socket));
    this.#server.on('error', (e) => {
      process.stderr.write(`domo-identity engine: ${e.message}\n`);
      void this.#shutdown();
    });
  }

  listen(): void {
    // Several handlers may start an engine at once: the one that takes the lock serves, the
    // others leave at once, touching nothing.
    this.#lock = claimEngineLock(this.#options.files);
    if (this.#lock === undefined) {
      void this.#options.close().then(this.#done);
      return;
    }
    fs.rmSync(this.#options.files.socket, { force: true });
    const idleMs = this.#options.idleMs ?? 3000;
    this.#timers.push(
      setInterval(() => {
        const stop = shouldStop({
          terraformPid: this.#options.terraformPid,
          terraformGone: !isAlive(this.#options.terraformPid),
          busy: this.#connections.size > 0 || this.#options.running() > 0,
          holding: this.#options.holding(),
          idleForMs: Date.now() - this.#lastActivity,
          idleMs,
        });
        if (stop) void this.#shutdown();
      }, 250),
      setInterval(() => this.#printProgress(), this.#options.progressEveryMs ?? 10_000),
    );
    const previous = process.umask(0o177);
    this.#server.listen(this.#options.files.socket, () => {
      process.umask(previous);
      fs.chmodSync(this.#options.files.socket, 0o600);
    });
  }

  #accept(socket: net.Socket): void {
    this.#connections.add(socket);
    this.#lastActivity = Date.now();
    socket.on('error', () => {});
    socket.on('close', () => {
      this.#connections.delete(socket);
      this.#lastActivity = Date.now();
    });
    // One message per connection: the first line is answered, anything after it is ignored.
    let answered = false;
    const refuse = (reason: string) => {
      answered = true;
      this.#reply(socket, { type: 'refused', reason });
      socket.end();
    };
    socket.on(
      'data',
      lineReader({
        onLine: (line) => {
          if (answered) return;
          const parsed = parseClientMessage(line);
          if (!parsed.ok) return refuse(`the engine received a malformed message: ${parsed.problem}`);
          answered = true;
          void this.#answer(socket, parsed.message);
        },
        onTooLong: (chars) => {
          if (!answered) refuse(`the engine received a line of over ${chars} characters without a newline`);
          else socket.destroy();
        },
      }),
    );
  }

  #reply(socket: net.Socket, message: EngineMessage): void {
    if (socket.writable) socket.write(encode(message));
  }

  async #answer(socket: net.Socket, message: ClientMessage): Promise<void> {
    if (message.credential !== this.#credential) {
      this.#reply(socket, { type: 'refused', reason: 'it runs with another DOMO_SCIM_TOKEN than this handler' });
    } else {
      let verdict: Verdict;
      try {
        verdict = await this.#options.run(message.work);
      } catch (e) {
        verdict = { code: 1, stdout: '', stderr: `domo-identity: the deploy engine failed this instance: ${(e as Error).message}\n` };
      }
      this.#reply(socket, { type: 'verdict', ...verdict });
    }
    socket.end();
    this.#lastActivity = Date.now();
  }

  /** One handler (the longest waiting) prints how the whole deploy is going. */
  #printProgress(): void {
    const oldest = this.#connections.values().next().value as net.Socket | undefined;
    if (oldest?.writable && this.#options.running() > 0) oldest.write(encode({ type: 'output', text: `${this.#options.progress()}\n` }));
  }

  async #shutdown(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    for (const timer of this.#timers) clearInterval(timer);
    // Gone from the folder first, so a late handler starts a new engine rather than waiting on
    // this one; the lock last, so no new engine takes the socket's name while it is removed.
    const { socket, log, lock } = this.#options.files;
    for (const f of [socket, log]) fs.rmSync(f, { force: true });
    if (this.#lock !== undefined) removeIfHolds(lock, this.#lock);
    this.#server.close();
    for (const socket of this.#connections) socket.destroy();
    await this.#options.close();
    this.#done();
  }
}
