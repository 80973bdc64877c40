import type { DesiredGroup } from '../src/kinds/directory-groups/model';

export const userName = (i: number): string => `employee${String(i).padStart(6, '0')}@sunbeltfoods.example`;

/** A synthetic roster and the matching Domo instance (users exist, managed values missing). */
export function generateRoster(count: number) {
  const franchises = ['Sunbelt Tacos North', 'Sunbelt Tacos South', 'Gulf Coast Grill', 'Sunbelt Tacos, Express'];
  const lines = ['email,full_name,franchise,store_number,region,training_completed,training_score,department'];
  const users = [];
  for (let i = 0; i < count; i++) {
    const franchise = franchises[i % franchises.length]!;
    lines.push(
      `${userName(i)},Employee ${i},"${franchise}",${100 + (i % 900)},Region ${i % 12},"[FS-101, FS-${200 + (i % 3)}]",${i % 101},Kitchen`,
    );
    users.push({ id: String(100000 + i), userName: userName(i), displayName: `Employee ${i}`, customAttributes: {} });
  }
  const seed = {
    attributes: ['franchise', 'storeNumber', 'region', 'trainingCompleted', 'trainingScore'].map((key) => ({
      key,
      valueSources: ['managed'],
    })),
    users,
  };
  const target = lines[Math.min(count, 7)]!;
  const changed = target.replace(/,(\d+),Kitchen$/, (_, score: string) => `,${(Number(score) + 1) % 101},Kitchen`);
  return { csv: `${lines.join('\n')}\n`, seed, changeLine: { from: `${target}\n`, to: `${changed}\n` } };
}

/** `count` store groups of `members` consecutive employees each (wrapping around the roster). */
export function generateGroups(users: number, count: number, members: number): DesiredGroup[] {
  return Array.from({ length: count }, (_, g) => ({
    displayName: `Store team ${String(g).padStart(4, '0')}`,
    description: `Employees of store ${g}`,
    members: Array.from({ length: members }, (_, m) => userName((g * members + m) % users)),
  }));
}
