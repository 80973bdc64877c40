import { errorBlock, exitOf, runTerraform } from '../terraform';
import type { RunContext } from './run';

/** `terraform init` in the stack folder (the backend and `.terraform`); cheap when nothing changed. */
export async function terraformInit(ctx: RunContext, stackDir: string): Promise<void> {
  const result = await runTerraform(['init', '-input=false', '-no-color'], {
    cwd: stackDir,
    env: ctx.env,
    onOutput: ctx.log.write,
    interrupts: ctx.interrupts,
  });
  ctx.interrupts.check('during terraform init');
  if (result.code !== 0) throw new Error(`terraform init failed (${exitOf(result)}):\n${errorBlock(result.output)}`);
}

/**
 * What to do when Terraform could not take the state lock. Terraform's message names the holder
 * for most backends (Lock Info: Who, Created); the pg backend takes PostgreSQL advisory locks,
 * which record nobody, so its Lock Info is this run's own: PostgreSQL itself knows the holder.
 */
export function stateLockAdvice(env: NodeJS.ProcessEnv): string {
  const lines = [
    'Another run holds the state lock: wait for it to finish, then run again. If no run is going on any more (it was killed),',
    'release the lock with `terraform force-unlock <ID>` in the stack folder (the ID is in the Lock Info above).',
  ];
  if (env.PG_CONN_STR) {
    lines.push(
      'With the pg backend the Lock Info above describes this run, not the holder: PostgreSQL names the holder with',
      "  SELECT a.pid, a.application_name, a.client_addr, a.backend_start FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory';",
      '(domo-identity runs Terraform with application_name "domo-identity <command> pid <pid> on <host>").',
    );
  }
  return lines.join('\n');
}

/**
 * PG_CONN_STR with `application_name` naming this run, so that PostgreSQL (pg_stat_activity)
 * can tell who holds the pg backend's advisory lock. A connection string that names one already
 * is left as it is.
 */
export function withApplicationName(connStr: string, name: string): string {
  if (/application_name/.test(connStr)) return connStr;
  if (/^postgres(ql)?:\/\//.test(connStr))
    return `${connStr}${connStr.includes('?') ? '&' : '?'}application_name=${encodeURIComponent(name)}`;
  return `${connStr} application_name='${name.replace(/['\\]/g, '\\$&')}'`;
}
