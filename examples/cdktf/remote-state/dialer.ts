/**
 * The dialer as its own app (its own repository, in practice): the token comes from the acceptor app's state through
 * TerraformRemoteState (local backend), kept sensitive with Fn.sensitive. `STATE_DIR` holds both apps' state files.
 */
import { App, DataTerraformRemoteStateLocal, Fn, LocalBackend } from 'cdktf';
import * as path from 'node:path';
import { DialerStack } from '../stacks';

const states = process.env['STATE_DIR'] ?? '.';
const app = new App();
const stack = new DialerStack(app, 'dialer', (scope) => {
  const acceptor = new DataTerraformRemoteStateLocal(scope, 'acceptor', { path: path.resolve(states, 'acceptor.tfstate') });
  return Fn.sensitive(acceptor.getString('peering_token'));
});
new LocalBackend(stack, { path: path.resolve(states, 'dialer.tfstate') });
app.synth();
