import { backoffDelay, isRetryableNetworkCode, isRetryableStatus, retryAfterMs, sleep } from '../../src/consul/retry';

const policy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000 };

describe('retry policy', () => {
  it('grows exponentially with jitter inside [step/2, step] and caps at maxDelayMs', () => {
    expect([1, 2, 3].map((retry) => backoffDelay(policy, retry, () => 0))).toEqual([50, 100, 200]);
    expect([1, 2, 3].map((retry) => backoffDelay(policy, retry, () => 1))).toEqual([100, 200, 400]);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
  });

  it.each([
    [429, '', true], [502, '', true], [503, 'rpc error', true], [504, '', true],
    [500, 'No cluster leader', true], [500, 'rpc error making call: EOF', true],
    [500, "Sources[0].Action must be set to 'allow' or 'deny'", false],
    [400, 'Request decoding failed', false], [403, 'Permission denied', false], [404, 'not found', false],
    [403, 'ACL system must be bootstrapped before making any requests that require authorization: ACL not found', true],
  ])('status %d with "%s" retryable: %s', (status, message, expected) => {
    expect(isRetryableStatus(status, message)).toBe(expected);
  });

  it('retries connection-level failures but not TLS or protocol errors', () => {
    expect(isRetryableNetworkCode('ECONNRESET')).toBe(true);
    expect(isRetryableNetworkCode('ECONNREFUSED')).toBe(true);
    expect(isRetryableNetworkCode('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe(false);
    expect(isRetryableNetworkCode('ERR_TLS_CERT_ALTNAME_INVALID')).toBe(false);
  });

  it('reads Retry-After seconds and caps them', () => {
    expect(retryAfterMs('0', policy)).toBe(0);
    expect(retryAfterMs('60', policy)).toBe(1000);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', policy)).toBeUndefined();
    expect(retryAfterMs(undefined, policy)).toBeUndefined();
  });

  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
