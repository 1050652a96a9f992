/** A deliberate deviation from the specification that the reference implementation can be switched into. */
export interface FaultDef {
  name: string;
  /** Which reference implementation has it: the charging station or the CSMS. */
  target: 'cs' | 'csms';
  description: string;
}

const registry = new Map<string, FaultDef>();

/** Declare a fault next to the behaviour it breaks; names are `cs.*` or `csms.*`. */
export function defineFault(name: string, description: string): string {
  const target = name.startsWith('csms.') ? 'csms' : 'cs';
  if (!name.startsWith(`${target}.`)) throw new Error(`fault ${name} must start with cs. or csms.`);
  registry.set(name, { name, target, description });
  return name;
}

export function allFaults(): FaultDef[] {
  return [...registry.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export function isFault(name: string): boolean {
  return registry.has(name);
}

/** The faults switched on for one run. */
export class Faults {
  private readonly on: Set<string>;

  constructor(names: Iterable<string> = []) {
    this.on = new Set(names);
  }

  has(name: string): boolean {
    return this.on.has(name);
  }

  forTarget(target: 'cs' | 'csms'): Faults {
    return new Faults([...this.on].filter((n) => registry.get(n)?.target === target));
  }
}
