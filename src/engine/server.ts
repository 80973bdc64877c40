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
 * The engine process: serves the handlers of one apply on its socket (mode 0600) until it has
 * been idle for a few seconds or Terraform is gone, then removes its socket, lock and log.
 * Every instance gets only its own verdict; a refused credential gets nothing done.
 */
export function serve(options: ServeOptions): Promise<void> {
  const { files } = options;
  const credential = credentialOf(options.token);
  const connections = new Set<net.Socket>();
  let lastActivity = Date.now();
  let closing = false;

  return new Promise((resolve) => {
    const server = net.createServer((socket) => {
      connections.add(socket);
      lastActivity = Date.now();
      socket.on('error', () => {});
      socket.on('close', () => {
        connections.delete(socket);
        lastActivity = Date.now();
      });
      socket.on(
        'data',
        lineReader((line) => void answer(socket, JSON.parse(line) as ClientMessage)),
      );
    });

    const answer = async (socket: net.Socket, message: ClientMessage) => {
      const reply = (m: EngineMessage) => socket.writable && socket.write(encode(m));
      if (message.credential !== credential) {
        reply({ type: 'refused', reason: 'it runs with another DOMO_SCIM_TOKEN than this handler' });
        socket.end();
        return;
      }
      const verdict = await options.run(message.work);
      reply({ type: 'verdict', ...verdict });
      socket.end();
      lastActivity = Date.now();
    };

    const shutdown = async () => {
      if (closing) return;
      closing = true;
      clearInterval(watch);
      clearInterval(progress);
      // Gone from the folder first, so a late handler starts a new engine rather than waiting on this one.
      removeEngineFiles(files, true);
      server.close();
      for (const socket of connections) socket.destroy();
      await options.close();
      resolve();
    };

    const idleMs = options.idleMs ?? 3000;
    const watch = setInterval(() => {
      const terraformGone = !isAlive(options.terraformPid);
      const idle = connections.size === 0 && options.running() === 0 && Date.now() - lastActivity > idleMs;
      if (terraformGone || idle) void shutdown();
    }, 250);

    const progress = setInterval(() => {
      const oldest = connections.values().next().value as net.Socket | undefined;
      if (oldest?.writable && options.running() > 0) oldest.write(encode({ type: 'output', text: `${options.progress()}\n` }));
    }, options.progressEveryMs ?? 10_000);

    const previous = process.umask(0o177);
    server.listen(files.socket, () => {
      process.umask(previous);
      fs.chmodSync(files.socket, 0o600);
    });
    server.on('error', (e) => {
      process.stderr.write(`domo-identity engine: ${e.message}\n`);
      void shutdown();
    });
  });
}
