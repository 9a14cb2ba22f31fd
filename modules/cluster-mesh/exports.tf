# Per slot: the mesh entry (with peer_through_mesh_gateways), then the cluster's exports to the peers that consume
# them (after every peering of its slot's blocks), then the intentions that let those peers' services in.

resource "consulpeering_mesh" "c1" {
  count     = var.peer_through_mesh_gateways && local.slots[0] != null ? 1 : 0
  provider  = consulpeering.c1
  partition = local.slots[0].partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_exported_services" "c1" {
  count      = length(local.exports[0]) > 0 ? 1 : 0
  provider   = consulpeering.c1
  partition  = local.slots[0].partition
  services   = [for item in local.exports[0] : { name = item.service, namespace = item.namespace, consumers = [for peer in item.consumers : { peer = peer }] }]
  depends_on = [consulpeering_peering.c2, consulpeering_peering.c3, consulpeering_peering.c4, consulpeering_peering.c5]
}

resource "consulpeering_service_intentions" "c1" {
  for_each   = local.intentions[0]
  provider   = consulpeering.c1
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = local.slots[0].partition
  sources    = [for caller in each.value.allow_from : { name = caller.service, peer = caller.cluster, action = "allow" }]
  depends_on = [consulpeering_exported_services.c1]
}

resource "consulpeering_mesh" "c2" {
  count     = var.peer_through_mesh_gateways && local.slots[1] != null ? 1 : 0
  provider  = consulpeering.c2
  partition = local.slots[1].partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_exported_services" "c2" {
  count      = length(local.exports[1]) > 0 ? 1 : 0
  provider   = consulpeering.c2
  partition  = local.slots[1].partition
  services   = [for item in local.exports[1] : { name = item.service, namespace = item.namespace, consumers = [for peer in item.consumers : { peer = peer }] }]
  depends_on = [consulpeering_peering.c2, consulpeering_peering.c3, consulpeering_peering.c4, consulpeering_peering.c5]
}

resource "consulpeering_service_intentions" "c2" {
  for_each   = local.intentions[1]
  provider   = consulpeering.c2
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = local.slots[1].partition
  sources    = [for caller in each.value.allow_from : { name = caller.service, peer = caller.cluster, action = "allow" }]
  depends_on = [consulpeering_exported_services.c2]
}

resource "consulpeering_mesh" "c3" {
  count     = var.peer_through_mesh_gateways && local.slots[2] != null ? 1 : 0
  provider  = consulpeering.c3
  partition = local.slots[2].partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_exported_services" "c3" {
  count      = length(local.exports[2]) > 0 ? 1 : 0
  provider   = consulpeering.c3
  partition  = local.slots[2].partition
  services   = [for item in local.exports[2] : { name = item.service, namespace = item.namespace, consumers = [for peer in item.consumers : { peer = peer }] }]
  depends_on = [consulpeering_peering.c3, consulpeering_peering.c4, consulpeering_peering.c5]
}

resource "consulpeering_service_intentions" "c3" {
  for_each   = local.intentions[2]
  provider   = consulpeering.c3
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = local.slots[2].partition
  sources    = [for caller in each.value.allow_from : { name = caller.service, peer = caller.cluster, action = "allow" }]
  depends_on = [consulpeering_exported_services.c3]
}

resource "consulpeering_mesh" "c4" {
  count     = var.peer_through_mesh_gateways && local.slots[3] != null ? 1 : 0
  provider  = consulpeering.c4
  partition = local.slots[3].partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_exported_services" "c4" {
  count      = length(local.exports[3]) > 0 ? 1 : 0
  provider   = consulpeering.c4
  partition  = local.slots[3].partition
  services   = [for item in local.exports[3] : { name = item.service, namespace = item.namespace, consumers = [for peer in item.consumers : { peer = peer }] }]
  depends_on = [consulpeering_peering.c4, consulpeering_peering.c5]
}

resource "consulpeering_service_intentions" "c4" {
  for_each   = local.intentions[3]
  provider   = consulpeering.c4
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = local.slots[3].partition
  sources    = [for caller in each.value.allow_from : { name = caller.service, peer = caller.cluster, action = "allow" }]
  depends_on = [consulpeering_exported_services.c4]
}

resource "consulpeering_mesh" "c5" {
  count     = var.peer_through_mesh_gateways && local.slots[4] != null ? 1 : 0
  provider  = consulpeering.c5
  partition = local.slots[4].partition
  peering   = { peer_through_mesh_gateways = true }
}

resource "consulpeering_exported_services" "c5" {
  count      = length(local.exports[4]) > 0 ? 1 : 0
  provider   = consulpeering.c5
  partition  = local.slots[4].partition
  services   = [for item in local.exports[4] : { name = item.service, namespace = item.namespace, consumers = [for peer in item.consumers : { peer = peer }] }]
  depends_on = [consulpeering_peering.c5]
}

resource "consulpeering_service_intentions" "c5" {
  for_each   = local.intentions[4]
  provider   = consulpeering.c5
  name       = each.value.service
  namespace  = each.value.namespace
  partition  = local.slots[4].partition
  sources    = [for caller in each.value.allow_from : { name = caller.service, peer = caller.cluster, action = "allow" }]
  depends_on = [consulpeering_exported_services.c5]
}
