import { ConsulHttpError, isNotFound, isPermissionDenied, Redactor, REDACTED } from '../../src/consul';

const TOKEN = Buffer.from(JSON.stringify({ CA: null, ServerAddresses: ['127.0.0.1:8503'], EstablishmentSecret: 's' })).toString('base64');

describe('Redactor', () => {
  it('hides registered secrets and anything shaped like a peering token', () => {
    const redactor = new Redactor(['acl-secret-123456']);
    const text = `token acl-secret-123456 and ${TOKEN} twice acl-secret-123456`;
    const out = redactor.redact(text);
    expect(out).toBe(`token ${REDACTED} and ${REDACTED} twice ${REDACTED}`);
  });

  it('ignores short values that would shred ordinary text', () => {
    expect(new Redactor(['a', '']).redact('a banana')).toBe('a banana');
  });
});

describe('ConsulHttpError', () => {
  const make = (status: number, consulMessage: string): ConsulHttpError =>
    new ConsulHttpError({ status, method: 'PUT', path: '/v1/config', consulMessage });

  it('names the cluster\'s address when it is known', () => {
    const error = new ConsulHttpError({ status: 503, method: 'POST', path: '/v1/peering/establish', consulMessage: 'No cluster leader', address: 'http://127.0.0.1:8500' });
    expect(error.message).toBe('Consul request failed with status 503: POST /v1/peering/establish at http://127.0.0.1:8500: No cluster leader');
    expect(error.address).toBe('http://127.0.0.1:8500');
  });

  it('names the missing permission of an ACL denial', () => {
    const error = make(403, "Permission denied: token with AccessorID 'abc' lacks permission 'mesh:write'");
    expect(error.missingPermission).toBe('mesh:write');
    expect(error.message).toBe(
      "Consul request failed with status 403: PUT /v1/config: the ACL token lacks permission 'mesh:write' "
      + "(Consul said: Permission denied: token with AccessorID 'abc' lacks permission 'mesh:write')");
    expect(isPermissionDenied(error)).toBe(true);
    expect(isNotFound(error)).toBe(false);
  });

  it('names the resource of an intention denial', () => {
    const error = make(403, "Permission denied: token with AccessorID 'abc' lacks permission 'intention:write' on \"web\"");
    expect([error.missingPermission, error.permissionResource]).toEqual(['intention:write', 'web']);
    expect(error.message).toContain(`lacks permission 'intention:write' on "web"`);
  });

  it('explains an unknown ACL token', () => {
    const error = make(403, 'ACL not found');
    expect(error.isPermissionDenied()).toBe(true);
    expect(error.message).toContain('the ACL token is not known to this Consul cluster');
  });

  it('does not call a rejected peering secret an ACL denial', () => {
    const error = make(403, 'a new peering token must be generated: invalid peering establishment secret');
    expect(error.isPermissionDenied()).toBe(false);
    expect(error.missingPermission).toBeUndefined();
  });

  it('recognises 404 and is branded across copies', () => {
    const error = make(404, 'Config entry not found for "exported-services" / "default"');
    expect(isNotFound(error)).toBe(true);
    expect(isNotFound(new Error('404'))).toBe(false);
    expect(ConsulHttpError.isConsulHttpError({ [Symbol.for('consul-peering/ConsulHttpError')]: true })).toBe(true);
  });
});
