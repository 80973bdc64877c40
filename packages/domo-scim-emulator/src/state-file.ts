import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { loadSeedFile, Seed } from './seed';

/** A persist file that exists wins over the seed, so a restarted emulator carries on where it stopped. */
export function initialState(seed: Seed | undefined, persistPath: string | undefined): Seed {
  return persistPath && existsSync(persistPath) ? loadSeedFile(persistPath) : structuredClone(seed ?? Seed.parse({}));
}

/** Atomic (tmp + rename) so a crash never leaves a half-written state file. */
export function writeStateFile(path: string, state: Seed): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, path);
}
