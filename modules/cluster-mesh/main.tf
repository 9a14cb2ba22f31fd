# ClusterMesh in HCL: up to 5 Consul clusters, every pair peered, then each cluster's exports to the others and the
# intentions that let their services in, in the order of the core's plan (src/core/components/cluster-mesh.ts): for
# each pair i < j a token on cluster i and the peering established with it on cluster j (waiting until ACTIVE), then
# one exported-services entry per cluster, then one intentions resource per exported service with callers.
#
# Why "up to 5" and fixed aliases: Terraform cannot take a list of provider configurations, nor pick a resource
# instance's provider from data (a `provider` argument is static). So the module has five provider slots,
# consulpeering.c1 ... consulpeering.c5, one block of each resource per slot, and `clusters[k]` lives in slot k+1.
# Slots past length(var.clusters) hold no resources; the caller still has to pass them (any configuration will do,
# e.g. the first cluster's). Pairs exist only between the clusters given. For more clusters, add slots here.
#
# The token: give every provider configuration the same `peering_token_passphrase` (README.md). The tokens then stay
# sealed in state and plans, and each peering's `peering_token` is write-only (never stored).

terraform {
  required_version = ">= 1.11" # write-only attributes: the peerings' peering_token is never stored
  required_providers {
    consulpeering = {
      source                = "terraform.local/consul-peering/consulpeering"
      configuration_aliases = [consulpeering.c1, consulpeering.c2, consulpeering.c3, consulpeering.c4, consulpeering.c5]
    }
  }
}

locals {
  names = [for cluster in var.clusters : cluster.name]
  # Every pair i < j of the clusters given, keyed "acceptor.dialer": the token lives in slot i, the peering in slot j.
  pairs = {
    for pair in flatten([for i in range(length(var.clusters)) : [for j in range(i + 1, length(var.clusters)) : { i = i, j = j }]]) :
    "${local.names[pair.i]}.${local.names[pair.j]}" => { acceptor = var.clusters[pair.i], dialer = var.clusters[pair.j], i = pair.i, j = pair.j }
  }
  # Per slot (0-based): the pairs it accepts, the pairs it dials, its cluster (null past the clusters given).
  accepts = [for slot in range(5) : { for key, pair in local.pairs : key => pair if pair.i == slot }]
  dials   = [for slot in range(5) : { for key, pair in local.pairs : key => pair if pair.j == slot }]
  slots   = [for slot in range(5) : slot < length(var.clusters) ? var.clusters[slot] : null]
  # Past the clusters given, slots hold nothing (padding, so each slot's blocks can index these lists).
  padding = [for slot in range(5 - length(var.clusters)) : {}]
  # Per slot: its exports, each with the clusters it goes to (`to`, or every other cluster).
  exports = concat([for cluster in var.clusters : [
    for item in cluster.exports : merge(item, { consumers = item.to != null ? item.to : [for name in local.names : name if name != cluster.name] })
  ]], [for slot in local.padding : []])
  # Per slot: one intentions resource per exported service with callers, keyed "namespace/service" or "service".
  intentions = concat([for cluster in var.clusters : {
    for item in cluster.exports : (item.namespace == null ? item.service : "${item.namespace}/${item.service}") => item if length(item.allow_from) > 0
  }], local.padding)
  # Every pair's token, for the peering on the dialing slot (sensitive: sealed when the providers have a passphrase).
  tokens = merge(
    { for key, token in consulpeering_peering_token.c1 : key => token.peering_token },
    { for key, token in consulpeering_peering_token.c2 : key => token.peering_token },
    { for key, token in consulpeering_peering_token.c3 : key => token.peering_token },
    { for key, token in consulpeering_peering_token.c4 : key => token.peering_token }
  )
}

# Slot 1 accepts: a token for each later cluster, for the peer name that cluster has.
resource "consulpeering_peering_token" "c1" {
  for_each         = local.accepts[0]
  provider         = consulpeering.c1
  peer_name        = each.value.dialer.name
  partition        = each.value.acceptor.partition
  meta             = each.value.acceptor.meta
  rotation_trigger = var.rotation_trigger
  depends_on       = [consulpeering_mesh.c1]
}

# Slot 2 accepts: a token for each later cluster, for the peer name that cluster has.
resource "consulpeering_peering_token" "c2" {
  for_each         = local.accepts[1]
  provider         = consulpeering.c2
  peer_name        = each.value.dialer.name
  partition        = each.value.acceptor.partition
  meta             = each.value.acceptor.meta
  rotation_trigger = var.rotation_trigger
  depends_on       = [consulpeering_mesh.c2]
}

# Slot 3 accepts: a token for each later cluster, for the peer name that cluster has.
resource "consulpeering_peering_token" "c3" {
  for_each         = local.accepts[2]
  provider         = consulpeering.c3
  peer_name        = each.value.dialer.name
  partition        = each.value.acceptor.partition
  meta             = each.value.acceptor.meta
  rotation_trigger = var.rotation_trigger
  depends_on       = [consulpeering_mesh.c3]
}

# Slot 4 accepts: a token for each later cluster, for the peer name that cluster has.
resource "consulpeering_peering_token" "c4" {
  for_each         = local.accepts[3]
  provider         = consulpeering.c4
  peer_name        = each.value.dialer.name
  partition        = each.value.acceptor.partition
  meta             = each.value.acceptor.meta
  rotation_trigger = var.rotation_trigger
  depends_on       = [consulpeering_mesh.c4]
}

# Slot 2 dials: the peering with each earlier cluster, named after it, established with that cluster's token.
resource "consulpeering_peering" "c2" {
  for_each        = local.dials[1]
  provider        = consulpeering.c2
  peer_name       = each.value.acceptor.name
  peering_token   = local.tokens[each.key]
  partition       = each.value.dialer.partition
  meta            = each.value.dialer.meta
  wait_for_active = var.wait_for_active
  active_timeout  = var.active_timeout
  depends_on      = [consulpeering_mesh.c2]
}

# Slot 3 dials: the peering with each earlier cluster, named after it, established with that cluster's token.
resource "consulpeering_peering" "c3" {
  for_each        = local.dials[2]
  provider        = consulpeering.c3
  peer_name       = each.value.acceptor.name
  peering_token   = local.tokens[each.key]
  partition       = each.value.dialer.partition
  meta            = each.value.dialer.meta
  wait_for_active = var.wait_for_active
  active_timeout  = var.active_timeout
  depends_on      = [consulpeering_mesh.c3]
}

# Slot 4 dials: the peering with each earlier cluster, named after it, established with that cluster's token.
resource "consulpeering_peering" "c4" {
  for_each        = local.dials[3]
  provider        = consulpeering.c4
  peer_name       = each.value.acceptor.name
  peering_token   = local.tokens[each.key]
  partition       = each.value.dialer.partition
  meta            = each.value.dialer.meta
  wait_for_active = var.wait_for_active
  active_timeout  = var.active_timeout
  depends_on      = [consulpeering_mesh.c4]
}

# Slot 5 dials: the peering with each earlier cluster, named after it, established with that cluster's token.
resource "consulpeering_peering" "c5" {
  for_each        = local.dials[4]
  provider        = consulpeering.c5
  peer_name       = each.value.acceptor.name
  peering_token   = local.tokens[each.key]
  partition       = each.value.dialer.partition
  meta            = each.value.dialer.meta
  wait_for_active = var.wait_for_active
  active_timeout  = var.active_timeout
  depends_on      = [consulpeering_mesh.c5]
}
