import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL cluster for a test: initdb in a temporary folder, listening on 127.0.0.1
 * with a random port (no Unix socket outside the folder), trust authentication, stopped and
 * removed by `stop()`. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
 * user (runuser).
 */
export class Postgres {
  static async start(): Promise<Postgres> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-pg-'));
    const asRoot = process.getuid?.() === 0;
    if (asRoot) fs.chmodSync(dir, 0o777);
    const pg = new Postgres(dir, asRoot);
    await pg.exec('initdb', ['-D', pg.data, '-U', 'postgres', '--auth=trust', '--no-sync']);
    for (let attempt = 1; ; attempt++) {
      pg.port = await freePort();
      try {
        await pg.exec('pg_ctl', [
          '-D',
          pg.data,
          '-o',
          `-p ${pg.port} -k ${dir} -c listen_addresses=127.0.0.1`,
          '-l',
          path.join(dir, 'log'),
          '-w',
          'start',
        ]);
        return pg;
      } catch (e) {
        if (attempt >= 3) throw e;
      }
    }
  }

  port = 0;

  private constructor(
    readonly dir: string,
    private readonly asRoot: boolean,
  ) {}

  get data(): string {
    return path.join(this.dir, 'data');
  }

  /** For Terraform's pg backend (PG_CONN_STR). */
  get connStr(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres?sslmode=disable`;
  }

  /** The result of one SQL query through psql (unaligned, tuples only), or undefined when psql is not installed. */
  query(sql: string): string | undefined {
    const result = spawnSync('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-Atc', sql], { encoding: 'utf8' });
    if (result.error) return undefined;
    return result.stdout;
  }

  async stop(): Promise<void> {
    try {
      await this.exec('pg_ctl', ['-D', this.data, '-m', 'fast', '-w', 'stop']);
    } finally {
      fs.rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private async exec(command: string, args: string[]): Promise<void> {
    if (this.asRoot) await run('runuser', ['-u', 'postgres', '--', command, ...args]);
    else await run(command, args);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
