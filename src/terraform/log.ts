// Provider logs: one line per message on stderr with the level prefix go-plugin maps to Terraform's log levels
// (visible with TF_LOG / TF_LOG_PROVIDER). Every line passes the redactor: the provider's ACL tokens and anything
// shaped like a peering token never reach a log. stdout belongs to the handshake line alone.
import { format } from 'node:util';
import { Redactor } from '../consul/redact';

/** Terraform's log levels, lowest first. */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

let redactor = new Redactor();
let sink: (line: string) => void = (line) => {
  process.stderr.write(line);
};

/** Registers a secret (an ACL token from the provider block) that no log line may contain. */
export function addLogSecret(secret: string | undefined): void {
  redactor = redactor.with(secret);
}

/** Replaces where lines go (tests). Returns the previous sink. */
export function setLogSink(next: (line: string) => void): (line: string) => void {
  const previous = sink;
  sink = next;
  return previous;
}

function write(level: LogLevel, message: string): void {
  const text = redactor.redact(message).replace(/\n/g, '\n    ');
  sink(`[${level}] consulpeering: ${text}\n`);
}

/** The provider's logger. */
export const log = {
  trace: (message: string): void => write('TRACE', message),
  debug: (message: string): void => write('DEBUG', message),
  info: (message: string): void => write('INFO', message),
  warn: (message: string): void => write('WARN', message),
  error: (message: string): void => write('ERROR', message),
};

/** Sends console output (from any library) to the log on stderr, so nothing but the handshake reaches stdout. */
export function routeConsoleToLog(): void {
  /* eslint-disable no-console -- this installs the redirect itself */
  const to = (level: LogLevel) => (...args: unknown[]): void => write(level, format(...args));
  console.log = to('INFO');
  console.info = to('INFO');
  console.debug = to('DEBUG');
  console.trace = to('TRACE');
  console.warn = to('WARN');
  console.error = to('ERROR');
  /* eslint-enable no-console */
}
