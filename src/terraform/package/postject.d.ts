// The part of postject's API (npm package, no types of its own) that `package` uses.
declare module 'postject' {
  /** Injects `data` into the executable `file` as the resource `resource`, flipping the sentinel fuse. */
  export function inject(file: string, resource: string, data: Buffer, options: { readonly sentinelFuse: string }): Promise<void>;
}
