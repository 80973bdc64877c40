/** What construct tests read from a synthesized cdk.tf.json. */
export interface SynthJson {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  locals: Record<string, Record<string, Record<string, string>>>;
}

/** The shard trigger maps, which live in one `locals` entry indexed by the instance key. */
export function shardLocals(json: SynthJson): Record<string, Record<string, string>> {
  const locals = Object.values(json.locals);
  expect(locals).toHaveLength(1);
  return locals[0]!;
}

/** The one resource block of `type` (a construct renders exactly one). */
export function onlyResource(json: SynthJson, type: string): Record<string, unknown> {
  const blocks = Object.values(json.resource[type] ?? {});
  expect(blocks).toHaveLength(1);
  return blocks[0]!;
}
