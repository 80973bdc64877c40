import { SeedAttribute, SeedAttributeInput } from './seed';

/** Custom attribute definitions by key, in the order they were added (Domo lists them unsorted too). */
export class AttributeCatalog {
  private readonly byKey: Map<string, SeedAttribute>;

  constructor(initial: readonly SeedAttribute[]) {
    this.byKey = new Map(initial.map((a) => [a.key, a]));
  }

  /** The stored definition itself, for an exact, case-sensitive key. */
  get(key: string): SeedAttribute | undefined {
    return this.byKey.get(key);
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The stored definitions themselves: callers copy them before handing them out. */
  list(): SeedAttribute[] {
    return [...this.byKey.values()];
  }

  /** Stores the parsed definition itself: callers copy it before handing it out. */
  put(input: SeedAttributeInput): SeedAttribute {
    const attribute = SeedAttribute.parse(input);
    this.byKey.set(attribute.key, attribute);
    return attribute;
  }

  delete(key: string): boolean {
    return this.byKey.delete(key);
  }

  /** IdP-only attributes are overwritten at every SSO sign-in, so API writes do not stick. */
  isIdpOnly(key: string): boolean {
    const sources = this.byKey.get(key)?.valueSources ?? [];
    return sources.length > 0 && sources.every((s) => s === 'idp');
  }
}
