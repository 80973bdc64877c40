import { bulletList } from '../../errors';

/** The first problems of a failed export, the rest counted, so that a large export fails with a readable message. */
export function listProblems(problems: readonly string[]): string {
  return bulletList(problems, 20);
}
