"""Acceptor stack: generates a peering token for the dialing cluster and exports it.

The output is a secret (in state, in `pulumi stack output`, and through the dialer's StackReference).

Cluster: the default consulpeering provider, configured by stack config `consulpeering:address` /
`consulpeering:token` (set the token with --secret); when unset, CONSUL_HTTP_ADDR / CONSUL_HTTP_TOKEN (and Consul's
other CONSUL_* variables).
Optional config: `peerName` (default "dialer"): the name this cluster gives the dialer;
`exportedServices` (JSON list of service names): services exported to the dialer;
`allowedCallers` (JSON list of the dialer's service names): allowed to call each exported service (intentions).
"""
import pulumi
import pulumi_consulpeering as consulpeering

config = pulumi.Config()
peer_name = config.get("peerName") or "dialer"
services = config.get_object("exportedServices") or []
callers = config.get_object("allowedCallers") or []

token = consulpeering.PeeringToken("peering-token", peer_name=peer_name)

if services:
    consulpeering.ExportedServices(
        "exports",
        services=[{"name": service, "consumers": [{"peer": peer_name}]} for service in services],
        opts=pulumi.ResourceOptions(depends_on=[token]),
    )

# Intentions are merged into each service's entry: other stacks' sources for the same service are kept.
for service in services if callers else []:
    consulpeering.ServiceIntentions(
        f"allow-{service}",
        name=service,
        sources=[{"name": caller, "peer": peer_name, "action": "allow"} for caller in callers],
        opts=pulumi.ResourceOptions(depends_on=[token]),
    )

# The token for the dialer stack (secret).
pulumi.export("peeringToken", token.peering_token)
# ID of this cluster's side of the peering.
pulumi.export("peeringId", token.peering_id)
