import { ConsulError } from './consul-error';

/** A connection setting is unusable; the message names the setting and where its value came from. */
export class ConsulConfigError extends ConsulError {
  /** The setting's canonical (provider) name, e.g. `ca_file`. */
  readonly setting: string;

  constructor(setting: string, source: string | undefined, problem: string) {
    const from = source === undefined || source === setting ? '' : ` (from ${source})`;
    super(`Invalid Consul setting "${setting}"${from}: ${problem}`);
    this.name = 'ConsulConfigError';
    this.setting = setting;
  }
}
