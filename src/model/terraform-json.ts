import { createHash } from 'node:crypto';

/**
 * Byte-for-byte what Terraform's `jsonencode` produces for a map of strings: keys sorted by
 * UTF-8 bytes, no whitespace, and `<`, `>`, `&`, U+2028, U+2029 written as \u escapes.
 * The handler recomputes `sha256(jsonencode(self.triggers_replace))` with it, so the desired
 * state it reads from the manifest is provably the state the plan showed.
 */
export function terraformJsonEncode(map: Readonly<Record<string, string>>): string {
  const keys = Object.keys(map).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${terraformJsonString(k)}:${terraformJsonString(map[k]!)}`).join(',')}}`;
}

export function terraformMapDigest(map: Readonly<Record<string, string>>): string {
  return createHash('sha256').update(terraformJsonEncode(map)).digest('hex');
}

/** One string as Terraform's `jsonencode` writes it. */
export function terraformJsonString(value: string): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Strings in cdk.tf.json are Terraform templates; dataset text such as `${file("/etc/hostname")}`
 * must stay literal, so `${` and `%{` are doubled as Terraform's escape syntax requires.
 */
export function escapeTerraformTemplate(value: string): string {
  // A function replacer: in a replacement string "$$" would itself collapse to "$".
  return value.replace(/([$%])\{/g, (_, opener: string) => `${opener}${opener}{`);
}
