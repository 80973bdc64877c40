import { Command } from 'commander';
import { registerEmulator } from './commands/emulator';
import { registerDemo } from './commands/demo';
import { registerDoctor } from './commands/doctor';
import { registerDeploy } from './commands/deploy';
import { registerInit } from './commands/init';
import { registerPlan } from './commands/plan';
import { registerPlanSummary } from './commands/plan-summary';
import { registerSnapshot } from './commands/snapshot';
import { registerDrift } from './commands/drift';
import { registerExport } from './commands/export';
import { exitCodeOfRun, exitCodesHelp, type ExitCode } from './exit-codes';
import { packageVersion } from './package-info';

/** The `domo-identity` CLI. Commands throw; only {@link main} turns that into an exit code. */
export async function run(argv: readonly string[]): Promise<void> {
  const program = new Command('domo-identity')
    .description('Domo identity as code: reconcile Domo users with datasets through SCIM, via CDK for Terraform.')
    .version(packageVersion(), '-V, --version', 'print the version of cdktf-domo-identity')
    .addHelpText(
      'after',
      `${exitCodesHelp('domo-identity')}\n  (each command's --help says which codes it exits with and what they mean for it)`,
    )
    .exitOverride();
  registerInit(program);
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

/** Runs the CLI and resolves to its exit code; an error that ends a command is printed once, on stderr. */
export function main(argv: readonly string[]): Promise<ExitCode> {
  return exitCodeOfRun(() => run(argv));
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
