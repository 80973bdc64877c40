import { SynthOutput } from '../synth/reader';

/**
 * Every Terraform instance of this package's constructs in a synthesized stack, as addresses for
 * `-replace`: `terraform_data.Name["key"]`; only constructs whose path contains `only`, if given.
 */
export function managedInstanceAddresses(stackDir: string, only?: string): string[] {
  const output = SynthOutput.open(stackDir);
  return output.constructs
    .filter((c) => !only || c.path.includes(only))
    .flatMap((c) => Object.keys(c.instances).map((k) => output.address(c, k)));
}

/** Addresses of the given instances that exist in the synthesized stack; others are left out. */
export function instanceAddresses(stackDir: string, instances: readonly { constructPath: string; instanceKey: string }[]): string[] {
  const output = SynthOutput.open(stackDir);
  const byPath = new Map(output.constructs.map((c) => [c.path, c]));
  return instances.flatMap(({ constructPath, instanceKey }) => {
    const found = byPath.get(constructPath);
    return found && Object.hasOwn(found.instances, instanceKey) ? [output.address(found, instanceKey)] : [];
  });
}
