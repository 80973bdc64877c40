import { ConfigError } from '../errors';
import { Engine } from '../engine/engine';
import { loadEngineEnv } from '../engine/env';
import { verifiedInstance, constructOf } from '../engine/manifests';
import { verdictOf, type Verdict } from '../engine/outcome';
import type { Work } from '../engine/protocol';
import { serve } from '../engine/server';
import { KINDS } from '../kinds/registry';
import { kindNamed } from '../model/kind';
import { describeProgress } from './progress';

/**
 * The deploy engine's process, started by the first handler of an apply:
 * `engine.js serve <socket> <terraform pid>`. Files are relative to the stack folder, its cwd.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, socket, pid] = argv;
  if (command !== 'serve' || !socket || !pid) throw new ConfigError('usage: engine.js serve <socket> <terraform-pid>');
  const env = loadEngineEnv();
  const engine = new Engine({ env, kinds: KINDS, stackDir: process.cwd() });
  const base = socket.replace(/\.sock$/, '');
  await serve({
    files: { socket, lock: `${base}.lock`, log: `${base}.log` },
    terraformPid: Number(pid),
    token: env.DOMO_SCIM_TOKEN,
    run: (work) => runWork(engine, work),
    running: () => engine.running,
    holding: () => engine.holdsOldTriggers,
    progress: () => describeProgress(engine),
    close: () => engine.close(),
  });
  return 0;
}

/** One instance's work, start to verdict; nothing it throws escapes, nothing it prints holds the token. */
export async function runWork(engine: Engine, work: Work): Promise<Verdict> {
  engine.arrived();
  let title = `${work.manifestDir} ${work.key}`;
  try {
    const definition = kindNamed(engine.kinds, work.kind);
    const { entry, construct } = constructOf(engine.output, work, definition.manifest);
    title = `${entry.path} ${definition.instanceNoun} ${JSON.stringify(work.key)}`;
    if (work.phase === 'verify') {
      verifiedInstance(engine.output, work, definition.manifest);
      return { code: 0, stdout: '', stderr: '' };
    }
    engine.checkRequirements();
    if (work.phase === 'destroy') {
      const result = await definition.destroy(engine, work);
      return redacted(
        engine,
        verdictOf(`${title} (removal policy ${construct.removalPolicy})`, result, 'the removal is retried on the next deploy'),
      );
    }
    const result = await definition.create(engine, work);
    return redacted(engine, verdictOf(title, result, `the ${definition.instanceNoun} is reconciled again on the next deploy`));
  } catch (e) {
    return { code: 1, stdout: '', stderr: engine.redact(`domo-identity: ${title}: ${(e as Error).message ?? String(e)}\n`) };
  } finally {
    engine.settled(work.phase !== 'verify');
  }
}

function redacted(engine: Engine, verdict: Verdict): Verdict {
  return { code: verdict.code, stdout: engine.redact(verdict.stdout), stderr: engine.redact(verdict.stderr) };
}
