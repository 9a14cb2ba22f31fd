# ClusterPeering in HCL: both sides of one Consul cluster peering plus the exports and intentions that make it useful,
# in the order of the Pulumi component (src/core/components/cluster-peering.ts): a token on the acceptor, the peering
# established with it on the dialer (waiting until ACTIVE), then each side's exports to the other, then the intentions
# that let the other side's services call the exported ones. Destroy runs in the reverse order.
#
# The token: give both provider configurations the same `peering_token_passphrase` (README.md). The token resource
# then keeps it sealed in state, and the peering's `peering_token` is write-only (never stored).

terraform {
  required_version = ">= 1.11" # write-only attributes: the dialer's peering_token is never stored
  required_providers {
    consulpeering = {
      source                = "terraform.local/consul-peering/consulpeering"
      configuration_aliases = [consulpeering.acceptor, consulpeering.dialer]
    }
  }
}

locals {
  # One intentions resource per exported service that has callers, keyed by "namespace/service" or "service".
  acceptor_intentions = {
    for item in var.acceptor.exports : (item.namespace == null ? item.service : "${item.namespace}/${item.service}") => item
    if length(item.allow_from) > 0
  }
  dialer_intentions = {
    for item in var.dialer.exports : (item.namespace == null ? item.service : "${item.namespace}/${item.service}") => item
    if length(item.allow_from) > 0
  }
}

# Both sides peer through their mesh gateways, set before the token (other owners' mesh settings are kept).
resource "consulpeering_mesh" "acceptor" {
  count     = var.peer_through_mesh_gateways ? 1 : 0
  provider  = consulpeering.acceptor
  partition = var.acceptor.partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_mesh" "dialer" {
  count     = var.peer_through_mesh_gateways ? 1 : 0
  provider  = consulpeering.dialer
  partition = var.dialer.partition
  peering   = { peer_through_mesh_gateways = true }
}

# Acceptor: a token for the peer it calls var.dialer.name (sealed in state when the passphrase is set).
resource "consulpeering_peering_token" "this" {
  provider                  = consulpeering.acceptor
  peer_name                 = var.dialer.name
  partition                 = var.acceptor.partition
  meta                      = var.acceptor.meta
  server_external_addresses = var.server_external_addresses
  rotation_trigger          = var.rotation_trigger
  depends_on                = [consulpeering_mesh.acceptor]
}

# Dialer: the peering it calls var.acceptor.name, established with that token; waits until ACTIVE by default.
resource "consulpeering_peering" "this" {
  provider        = consulpeering.dialer
  peer_name       = var.acceptor.name
  peering_token   = consulpeering_peering_token.this.peering_token
  partition       = var.dialer.partition
  meta            = var.dialer.meta
  wait_for_active = var.wait_for_active
  active_timeout  = var.active_timeout
  depends_on      = [consulpeering_mesh.dialer]
}

# Acceptor's exports to the dialer (merged into the partition's entry: other stacks' services are kept).
resource "consulpeering_exported_services" "acceptor" {
  count     = length(var.acceptor.exports) > 0 ? 1 : 0
  provider  = consulpeering.acceptor
  partition = var.acceptor.partition
  services = [
    for item in var.acceptor.exports : { name = item.service, namespace = item.namespace, consumers = [{ peer = var.dialer.name }] }
  ]
  depends_on = [consulpeering_peering.this]
}

# Dialer's exports to the acceptor.
resource "consulpeering_exported_services" "dialer" {
  count     = length(var.dialer.exports) > 0 ? 1 : 0
  provider  = consulpeering.dialer
  partition = var.dialer.partition
  services = [
    for item in var.dialer.exports : { name = item.service, namespace = item.namespace, consumers = [{ peer = var.acceptor.name }] }
  ]
  depends_on = [consulpeering_peering.this]
}

# Acceptor: one allow intention per dialer service in allow_from, for each exported service.
resource "consulpeering_service_intentions" "acceptor" {
  for_each   = local.acceptor_intentions
  provider   = consulpeering.acceptor
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = var.acceptor.partition
  sources    = [for caller in each.value.allow_from : { name = caller, peer = var.dialer.name, action = "allow" }]
  depends_on = [consulpeering_exported_services.acceptor]
}

# Dialer: the same for its exported services, callers taken from the acceptor.
resource "consulpeering_service_intentions" "dialer" {
  for_each   = local.dialer_intentions
  provider   = consulpeering.dialer
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = var.dialer.partition
  sources    = [for caller in each.value.allow_from : { name = caller, peer = var.acceptor.name, action = "allow" }]
  depends_on = [consulpeering_exported_services.dialer]
}

