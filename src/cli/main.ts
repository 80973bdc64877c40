import { Command } from 'commander';
import { exitCodeOf } from '../errors';
import { registerEmulator } from './commands/emulator';
import { registerDemo } from './commands/demo';
import { registerDoctor } from './commands/doctor';
import { registerDeploy } from './commands/deploy';
import { registerPlan } from './commands/plan';
import { registerPlanSummary } from './commands/plan-summary';
import { registerSnapshot } from './commands/snapshot';
import { registerDrift } from './commands/drift';
import { registerExport } from './commands/export';

/** The `domo-identity` CLI. Commands throw; only this entry sets the exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  const program = new Command('domo-identity')
    .description('Domo identity as code: reconcile Domo users with datasets through SCIM, via CDK for Terraform.')
    .exitOverride();
  registerEmulator(program);
  registerDemo(program);
  registerPlan(program);
  registerDeploy(program);
  registerDoctor(program);
  registerPlanSummary(program);
  registerSnapshot(program);
  registerDrift(program);
  registerExport(program);
  await program.parseAsync([...argv], { from: 'user' });
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    const e = err as { code?: string; exitCode?: number; message?: string; name?: string };
    if (e.code?.startsWith('commander.')) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`domo-identity: ${e.message ?? String(err)}\n`);
    process.exitCode = exitCodeOf(err);
  });
}
