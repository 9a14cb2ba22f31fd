import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsulConfigError, resolveConsulConfig } from '../../src/consul';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'consul-peering-config-'));
  writeFileSync(join(dir, 'ca.pem'), PEM);
  writeFileSync(join(dir, 'cert.pem'), PEM);
  writeFileSync(join(dir, 'key.pem'), KEY);
  writeFileSync(join(dir, 'token'), '  file-token-0123456789\n');
  writeFileSync(join(dir, 'empty-token'), '\n');
  writeFileSync(join(dir, 'not-pem'), 'hello');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveConsulConfig: addresses and schemes', () => {
  const cases: [string, Parameters<typeof resolveConsulConfig>[0], Record<string, string>, string][] = [
    ['default address', {}, {}, 'http://127.0.0.1:8500'],
    ['host:port from env', {}, { CONSUL_HTTP_ADDR: '10.1.2.3:8501' }, 'http://10.1.2.3:8501'],
    ['https prefix in env', {}, { CONSUL_HTTP_ADDR: 'https://consul.example:8501' }, 'https://consul.example:8501'],
    ['CONSUL_HTTP_SSL=true', {}, { CONSUL_HTTP_ADDR: 'consul:8501', CONSUL_HTTP_SSL: 'true' }, 'https://consul:8501'],
    ['CONSUL_HTTP_SSL=0 keeps http', {}, { CONSUL_HTTP_ADDR: 'consul:8500', CONSUL_HTTP_SSL: '0' }, 'http://consul:8500'],
    ['explicit address beats env', { address: 'a:1' }, { CONSUL_HTTP_ADDR: 'b:2' }, 'http://a:1'],
    ['explicit scheme', { address: 'a:1', scheme: 'https' }, {}, 'https://a:1'],
    ['prefix beats scheme', { address: 'http://a:1', scheme: 'https' }, {}, 'http://a:1'],
    ['ipv6', { address: '[::1]:8500' }, {}, 'http://[::1]:8500'],
    ['no port', { address: 'https://consul.example' }, {}, 'https://consul.example'],
  ];
  it.each(cases)('%s', (_name, settings, env, baseUrl) => {
    expect(resolveConsulConfig(settings, env).baseUrl).toBe(baseUrl);
  });

  it('accepts a unix socket address', () => {
    const config = resolveConsulConfig({}, { CONSUL_HTTP_ADDR: 'unix:///run/consul.sock' });
    expect(config.socketPath).toBe('/run/consul.sock');
  });
});

describe('resolveConsulConfig: token, TLS, scope', () => {
  it('prefers the explicit token, then CONSUL_HTTP_TOKEN, then the token file', () => {
    const file = join(dir, 'token');
    expect(resolveConsulConfig({ token: 'explicit' }, { CONSUL_HTTP_TOKEN: 'env' }).token).toBe('explicit');
    expect(resolveConsulConfig({}, { CONSUL_HTTP_TOKEN: 'env', CONSUL_HTTP_TOKEN_FILE: file }).token).toBe('env');
    expect(resolveConsulConfig({}, { CONSUL_HTTP_TOKEN_FILE: file }).token).toBe('file-token-0123456789');
    expect(resolveConsulConfig({}, {}).token).toBeUndefined();
  });

  it('loads CA, client certificate and key from the environment', () => {
    const config = resolveConsulConfig({}, {
      CONSUL_CACERT: join(dir, 'ca.pem'), CONSUL_CLIENT_CERT: join(dir, 'cert.pem'), CONSUL_CLIENT_KEY: join(dir, 'key.pem'),
    });
    expect(config.tls).toEqual({ ca: PEM, cert: PEM, key: KEY, rejectUnauthorized: true });
  });

  it('takes ca_pem inline and honours insecure_https and CONSUL_HTTP_SSL_VERIFY', () => {
    expect(resolveConsulConfig({ caPem: PEM }, {}).tls.ca).toBe(PEM);
    expect(resolveConsulConfig({}, { CONSUL_HTTP_SSL_VERIFY: 'false' }).tls.rejectUnauthorized).toBe(false);
    expect(resolveConsulConfig({ insecureHttps: false }, { CONSUL_HTTP_SSL_VERIFY: 'false' }).tls.rejectUnauthorized).toBe(true);
    expect(resolveConsulConfig({ insecureHttps: true }, {}).tls.rejectUnauthorized).toBe(false);
  });

  it('falls back to CONSUL_PARTITION and CONSUL_NAMESPACE', () => {
    const config = resolveConsulConfig({ datacenter: 'dc9' }, { CONSUL_PARTITION: 'p1', CONSUL_NAMESPACE: 'ns1' });
    expect([config.partition, config.namespace, config.datacenter]).toEqual(['p1', 'ns1', 'dc9']);
  });
});

describe('resolveConsulConfig: bad configuration fails with one sentence naming the setting', () => {
  const cases: [string, Parameters<typeof resolveConsulConfig>[0], Record<string, string>, RegExp][] = [
    ['unparseable address', { address: 'http://' }, {}, /^Invalid Consul setting "address": "http:\/\/" is not a Consul address/],
    ['address with a path', {}, { CONSUL_HTTP_ADDR: 'http://a:1/v1' }, /"address" \(from CONSUL_HTTP_ADDR\): "http:\/\/a:1\/v1" is not a Consul address/],
    ['address with a bad scheme', { address: 'ftp://a:1' }, {}, /"address": "ftp:\/\/a:1" is not a Consul address/],
    ['address with spaces', { address: 'a b:1' }, {}, /"address": "a b:1" is not a Consul address/],
    ['bad scheme', { scheme: 'tcp' }, {}, /"scheme": must be "http" or "https", got "tcp"/],
    ['missing CA file', { caFile: '/nonexistent/ca.pem' }, {}, /"ca_file": cannot read file "\/nonexistent\/ca.pem": no such file/],
    ['missing CA file from env', {}, { CONSUL_CACERT: '/nonexistent/ca.pem' }, /"ca_file" \(from CONSUL_CACERT\): cannot read file/],
    ['CA file is not PEM', { caFile: '__DIR__/not-pem' }, {}, /"ca_file": file ".*not-pem" holds no PEM certificate/],
    ['ca_pem is not PEM', { caPem: 'nope' }, {}, /"ca_pem": the value holds no PEM certificate/],
    ['certificate without key', { certFile: '__DIR__/cert.pem' }, {}, /"key_file": a client certificate needs both cert_file and key_file/],
    ['unreadable token file', {}, { CONSUL_HTTP_TOKEN_FILE: '/nonexistent/token' }, /"token_file" \(from CONSUL_HTTP_TOKEN_FILE\): cannot read token file "\/nonexistent\/token": no such file/],
    ['token file is a directory', { tokenFile: '__DIR__' }, {}, /"token_file": cannot read token file ".*": it is a directory/],
    ['empty token file', { tokenFile: '__DIR__/empty-token' }, {}, /"token_file": token file ".*empty-token" is empty/],
    ['bad CONSUL_HTTP_SSL', {}, { CONSUL_HTTP_SSL: 'yes' }, /"scheme" \(from CONSUL_HTTP_SSL\): must be true or false, got "yes"/],
    ['bad CONSUL_HTTP_SSL_VERIFY', {}, { CONSUL_HTTP_SSL_VERIFY: 'nah' }, /"insecure_https" \(from CONSUL_HTTP_SSL_VERIFY\)/],
    ['empty unix socket', { address: 'unix://' }, {}, /"address": "unix:\/\/" names no socket path/],
  ];
  it.each(cases)('%s', (_name, settings, env, message) => {
    const fill = (value: unknown): unknown => (typeof value === 'string' ? value.replace('__DIR__', dir) : value);
    const resolved = Object.fromEntries(Object.entries(settings ?? {}).map(([k, v]) => [k, fill(v)]));
    let thrown: unknown;
    try {
      resolveConsulConfig(resolved, env);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConsulConfigError);
    const text = (thrown as Error).message;
    expect(text).toMatch(message);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('reports a token file it may not read', () => {
    if (process.getuid?.() === 0) {
      // root reads any file; the "permission denied" branch is covered through a directory instead.
      expect(() => resolveConsulConfig({ tokenFile: dir }, {})).toThrow(/it is a directory/);
      return;
    }
    const locked = join(dir, 'locked');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0);
    expect(() => resolveConsulConfig({ tokenFile: locked }, {})).toThrow(/permission denied/);
  });
});
