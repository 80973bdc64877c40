import { Help, type Command } from 'commander';
import { ConfigError } from '../../errors';
import { loadEmulatorPackage } from '../emulator-package';
import { exitCodesHelp } from '../exit-codes';

const NAME = 'domo-identity emulator';

/**
 * Runs the package's command line as `domo-identity emulator`: its options and messages are the
 * package's, so the two cannot drift apart. The service's configuration errors become
 * ConfigErrors (exit 2), as they were when the service lived in this package.
 */
export async function runEmulatorCommand(argv: readonly string[], load = loadEmulatorPackage): Promise<void> {
  const emulator = load();
  try {
    await emulator.main(argv, NAME);
  } catch (e) {
    if ((e as { name?: unknown }).name === 'EmulatorConfigError') throw new ConfigError(`emulator: ${(e as Error).message}`, { cause: e });
    throw e;
  }
}

const EMULATOR_EXIT_CODES = exitCodesHelp('emulator');

/**
 * The package's help under this command's name, then the exit codes; without the package, this
 * command's own help and how to install it.
 */
export function emulatorHelp(command: Command, helper: Help, load = loadEmulatorPackage): string {
  try {
    return `${load().emulatorCommand(NAME).helpInformation()}${EMULATOR_EXIT_CODES.trimStart()}\n`;
  } catch (e) {
    return `${new Help().formatHelp(command, helper)}\n${(e as Error).message}\n`;
  }
}

/** Adds `domo-identity emulator`: the local Domo-compatible SCIM service of the package domo-scim-emulator. */
export function registerEmulator(program: Command): void {
  program
    .command('emulator')
    .description('Run a local Domo-compatible SCIM 2.0 service (127.0.0.1 only): the package domo-scim-emulator.')
    // Every argument but --help goes to the package's command line, which checks them.
    .allowUnknownOption()
    .allowExcessArguments()
    .argument('[args...]')
    .configureHelp({ formatHelp: (command, helper) => emulatorHelp(command, helper) })
    .action(async (args: string[]) => {
      await runEmulatorCommand(args);
    });
}
