/** The first problems as a bulleted list, the rest counted, so that a large export fails with a readable message. */
export function listProblems(problems: readonly string[]): string {
  const listed = problems.slice(0, 20).map((p) => `  - ${p}`);
  if (problems.length > listed.length) listed.push(`  - and ${problems.length - listed.length} more`);
  return listed.join('\n');
}
