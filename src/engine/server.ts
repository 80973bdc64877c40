import * as fs from 'node:fs';
import * as net from 'node:net';
import { credentialOf, isAlive, removeEngineFiles, type EngineFiles } from './rendezvous';
import { encode, lineReader, type ClientMessage, type EngineMessage, type Work } from './protocol';
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
 * The engine process: serves the handlers of one apply on its socket (mode 0600) until it has
 * been idle for a few seconds or Terraform is gone, then removes its socket, lock and log.
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
    socket.on(
      'data',
      lineReader((line) => void this.#answer(socket, JSON.parse(line) as ClientMessage)),
    );
  }

  async #answer(socket: net.Socket, message: ClientMessage): Promise<void> {
    const reply = (m: EngineMessage) => socket.writable && socket.write(encode(m));
    if (message.credential !== this.#credential) {
      reply({ type: 'refused', reason: 'it runs with another DOMO_SCIM_TOKEN than this handler' });
    } else {
      reply({ type: 'verdict', ...(await this.#options.run(message.work)) });
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
    // Gone from the folder first, so a late handler starts a new engine rather than waiting on this one.
    removeEngineFiles(this.#options.files, true);
    this.#server.close();
    for (const socket of this.#connections) socket.destroy();
    await this.#options.close();
    this.#done();
  }
}
