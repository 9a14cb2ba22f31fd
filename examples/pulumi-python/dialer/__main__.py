"""Dialer stack: reads the peering token from the acceptor stack and establishes the peering.

The token comes through a StackReference (`get_output`); the peering waits until it is ACTIVE. Deploy the acceptor
stack first; both stacks need the same secrets passphrase.

Cluster: the default consulpeering provider, configured by stack config `consulpeering:address` /
`consulpeering:token` (set the token with --secret); when unset, CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN (and Consul's
other CONSUL_* variables).
Optional config: `acceptorStack` (default "organization/acceptor/<this stack's name>");
`peerName` (default "acceptor"): the name this cluster gives the acceptor.
"""
import pulumi
import pulumi_consulpeering as consulpeering

config = pulumi.Config()
acceptor_stack = config.get("acceptorStack") or f"organization/acceptor/{pulumi.get_stack()}"

acceptor = pulumi.StackReference("acceptor", stack_name=acceptor_stack)


def deployed_token(token):
    """The acceptor's token; unknown in a preview before the acceptor has made it, an error in an update."""
    if isinstance(token, str):
        return token
    if pulumi.runtime.is_dry_run():
        return pulumi.UNKNOWN
    raise Exception(f"stack {acceptor_stack} has no peeringToken output yet: run `pulumi up` in the acceptor stack first")


# A secret: if this stack cannot decrypt it, the value arrives empty and the Peering's check says why.
peering_token = acceptor.get_output("peeringToken").apply(deployed_token)

peering = consulpeering.Peering("peering", peer_name=config.get("peerName") or "acceptor", peering_token=peering_token)

# State of the peering (ACTIVE once established).
pulumi.export("state", peering.state)
# Datacenter of the accepting cluster.
pulumi.export("remoteDatacenter", peering.remote_datacenter)
# Services imported from the accepting cluster.
pulumi.export("importedServices", peering.imported_services)
