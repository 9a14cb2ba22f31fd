/** One registered service instance. */
export interface ServiceInstance {
  readonly ID: string;
  readonly Service: string;
  readonly Tags: string[];
  readonly Port: number;
  readonly Address: string;
  readonly Meta: Record<string, string>;
}

/** The service catalog of one emulated cluster (a single node): what exports and imports are made of. */
export class SimCatalog {
  readonly instances = new Map<string, ServiceInstance>();

  /** Registered service names (with the built-in `consul` service), sorted. */
  serviceNames(): string[] {
    return [...new Set(['consul', ...[...this.instances.values()].map((instance) => instance.Service)])].sort();
  }

  /** Whether any instance of `name` is registered. */
  has(name: string): boolean {
    return name === 'consul' || [...this.instances.values()].some((instance) => instance.Service === name);
  }
}
