/**
 * One CDK Terrain app, two stacks: `cdktn deploy acceptor dialer` peers dc1 and dc2. The dialer's token is the
 * acceptor's through a cross-stack reference (cdktn wires it as a sensitive output read by terraform_remote_state).
 */
import { App } from 'cdktn';
import { AcceptorStack, DialerStack } from './stacks';

const app = new App();
const acceptor = new AcceptorStack(app, 'acceptor');
new DialerStack(app, 'dialer', acceptor.token.peeringToken);
app.synth();
