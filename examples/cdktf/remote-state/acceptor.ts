/**
 * The acceptor as its own app (its own repository, in practice): the token is a sensitive output of its state,
 * which the dialer app reads with TerraformRemoteState. `STATE_DIR` holds both apps' local state files.
 */
import { App, LocalBackend, TerraformOutput } from 'cdktf';
import * as path from 'node:path';
import { AcceptorStack } from '../stacks';

const app = new App();
const stack = new AcceptorStack(app, 'acceptor');
new LocalBackend(stack, { path: path.resolve(process.env['STATE_DIR'] ?? '.', 'acceptor.tfstate') });
new TerraformOutput(stack, 'peering_token', { value: stack.token.peeringToken, sensitive: true });
app.synth();
