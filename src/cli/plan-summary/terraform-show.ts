import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { terraformShowJson } from '../terraform';

/** The plan file `cdktf plan` leaves in the stack folder. */
export const PLAN_FILE = 'plan';

/** The only stack folder under `<projectDir>/cdktf.out/stacks`; a usage error when there is none or several. */
export function defaultStackDir(projectDir: string): string {
  const stacksDir = path.join(projectDir, 'cdktf.out', 'stacks');
  const stacks = fs.existsSync(stacksDir)
    ? fs
        .readdirSync(stacksDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  if (stacks.length === 0) throw new ConfigError(`no synthesized stack in ${stacksDir}: run \`cdktf plan\` first (or pass --stack-dir).`);
  if (stacks.length > 1) throw new ConfigError(`several stacks in ${stacksDir} (${stacks.join(', ')}): pass --stack-dir to choose one.`);
  return path.join(stacksDir, stacks[0]!);
}

/** The plan `cdktf plan` left in the stack folder, as `terraform show -json` prints it. */
export function terraformShowPlan(stackDir: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  if (!fs.existsSync(path.join(stackDir, PLAN_FILE))) {
    return Promise.reject(new ConfigError(`no plan file "${PLAN_FILE}" in ${stackDir}: run \`cdktf plan\` first.`));
  }
  return terraformShowJson(PLAN_FILE, { cwd: stackDir, env });
}
