import * as path from 'node:path';
import { Seed, type EmulatorRateLimit } from 'domo-scim-emulator';
import { generateRoster } from '../../bench/generate';
import type { DesiredGroup } from '../../src/kinds/directory-groups/model';
import { TestProject } from './project';

const BENCH_APP = path.join(__dirname, '..', '..', 'dist', 'bench', 'app.js');

/** A project of the benchmark's app: `users` generated employees in `shards` shards, plus `groups`. */
export async function scaleProject(options: {
  users: number;
  shards: number;
  groups?: DesiredGroup[];
  rateLimit?: EmulatorRateLimit;
  env?: Record<string, string>;
}) {
  const data = generateRoster(options.users);
  const project = await TestProject.create({
    seed: Seed.parse(data.seed),
    app: BENCH_APP,
    stack: 'bench',
    emulator: options.rateLimit ? { rateLimit: options.rateLimit } : {},
    env: options.env,
  });
  const spec = { roster: path.join(project.dir, 'roster.csv'), shards: options.shards, groups: options.groups ?? [] };
  project.writeFile('roster.csv', data.csv);
  const writeSpec = () => project.writeFile('spec.json', JSON.stringify(spec));
  writeSpec();
  project.extraEnv.BENCH_SPEC = path.join(project.dir, 'spec.json');
  return { project, data, spec, writeSpec };
}
