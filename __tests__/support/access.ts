/**
 * The "Access changes" section plan-summary writes for one user moving franchise in the sample
 * stack: they lose the policy of the franchise they leave and gain the one they join, each
 * through the franchise's group.
 */
export function franchiseMoveAccess(userName: string, dataset: string, from: string, to: string): string {
  const grant = (franchise: string) =>
    `\`${dataset}\` › \`${franchise}\`: \`Franchise\` = \`${franchise}\` (via group \`Franchise - ${franchise}\`)`;
  return [
    '### Access changes',
    '',
    '1 user gains or loses rows of datasets with PDP policies · 1 gaining · 1 losing',
    '',
    '| User | Gains | Loses |',
    '| --- | --- | --- |',
    `| \`${userName}\` | ${grant(to)} | ${grant(from)} |`,
    '',
  ].join('\n');
}
