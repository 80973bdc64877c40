import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCsv } from '../../src/sources';
import { mapUserAttributes } from '../../src';
import { FRANCHISE_ROSTER_MAPPING } from '../../stacks/franchise-identity-stack';
import { SAMPLE_SALES_DATASET } from '../../src/config/app-env';
import { loadSeedFile, type Seed, type RecordedRequest } from 'domo-scim-emulator';

export const ROOT = path.join(__dirname, '..', '..');
export const MANAGED_KEYS = Object.keys(FRANCHISE_ROSTER_MAPPING.attributes);
export const sampleRoster = (): string => fs.readFileSync(path.join(ROOT, 'data', 'franchise-roster.csv'), 'utf8');
export const sampleSeed = (): Seed => loadSeedFile(path.join(ROOT, 'data', 'sample-seed.json'));

/** Desired managed attributes per lower-cased userName, as the stack derives them from a roster. */
export function desiredFromRoster(csv: string): Map<string, Record<string, string[]>> {
  const users = mapUserAttributes(parseCsv(csv, 'roster.csv'), FRANCHISE_ROSTER_MAPPING);
  return new Map(users.map((u) => [u.userName.toLowerCase(), u.attributes]));
}

/** A user's custom attributes restricted to some keys, values sorted (Domo treats them as sets). */
export function pick(
  attributes: Readonly<Record<string, readonly string[]>> | undefined,
  keys: readonly string[],
): Record<string, string[]> {
  return Object.fromEntries(keys.map((k) => [k, [...(attributes?.[k] ?? [])].sort()]));
}

export function userIn(seed: Seed, userName: string) {
  const user = seed.users.find((u) => u.userName.toLowerCase() === userName.toLowerCase());
  if (!user) throw new Error(`no user ${userName} in the service`);
  return user;
}

/** A request that changes Domo; the public API's token exchange (a POST) changes nothing. */
export const isWrite = (r: RecordedRequest): boolean => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path !== '/oauth/token';

/** Replaces one field of one user's row in a roster CSV (rows are matched by their email). */
export function editRow(csv: string, email: string, column: string, value: string): string {
  const lines = csv.split('\n');
  const header = lines[0]!.split(',');
  const index = header.indexOf(column);
  return lines
    .map((line) => {
      if (!line.startsWith(`${email},`)) return line;
      const cells = parseCsv(`${lines[0]}\n${line}`, 'row').rows[0]!.values;
      return header.map((h, i) => quote(i === index ? value : cells[h]!)).join(',');
    })
    .join('\n');
}

export function removeRow(csv: string, email: string): string {
  return csv
    .split('\n')
    .filter((line) => !line.startsWith(`${email},`))
    .join('\n');
}

function quote(cell: string): string {
  return /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** The userName of the i-th employee of {@link largeRoster}. */
export const employee = (i: number): string => `employee${String(i).padStart(6, '0')}@sunbeltfoods.example`;

/** A roster of `count` employees in the sample stack's format (employee000000@… on). */
export function largeRoster(count: number, skip: (i: number) => boolean = () => false): string {
  const franchises = ['Sunbelt Tacos North', 'Sunbelt Tacos South', 'Gulf Coast Grill', 'Sunbelt Tacos, Express'];
  const header = fs.readFileSync(path.join(ROOT, 'data', 'franchise-roster.csv'), 'utf8').split('\n')[0]!;
  const lines = [header];
  for (let i = 0; i < count; i++) {
    if (skip(i)) continue;
    lines.push(
      `${employee(i)},Employee ${i},"${franchises[i % 4]}",${100 + (i % 900)},Region ${i % 12},"[FS-101, FS-${200 + (i % 3)}]",${i % 101},Kitchen,Participant`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The sample seed's attribute catalog and roles, with the `count` employees of {@link largeRoster} as users holding no values yet. */
export function largeSeed(count: number): Seed {
  const sample = sampleSeed();
  return {
    ...sample,
    users: Array.from({ length: count }, (_, i) => ({
      ...sample.users[0]!,
      id: String(100_000 + i),
      userName: employee(i),
      customAttributes: {},
      ownsDatasets: false,
    })),
    groups: [],
    // The sample stack's policies need their sales dataset; the roster dataset is not read.
    datasets: (sample.datasets ?? []).filter((d) => d.id === SAMPLE_SALES_DATASET),
  };
}
