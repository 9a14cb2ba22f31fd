/**
 * One CDKTF app, two stacks: `cdktf deploy acceptor dialer` peers dc1 and dc2. The dialer's token is the acceptor's
 * through a cross-stack reference (cdktf wires it as a sensitive output read by terraform_remote_state).
 */
import { App } from 'cdktf';
import { AcceptorStack, DialerStack } from './stacks';

const app = new App();
const acceptor = new AcceptorStack(app, 'acceptor');
new DialerStack(app, 'dialer', acceptor.token.peeringToken);
app.synth();
