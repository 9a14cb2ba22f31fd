# Inputs of the ClusterMesh component in snake_case. Validation here mirrors the structure the core checks before it
# plans (src/core/components/cluster-mesh-issues.ts), so a bad mesh fails at validate time rather than halfway through
# an apply; the provider validates every resource argument too once the values reach it.

variable "clusters" {
  description = <<-EOT
    The clusters, 2 to 5; clusters[k] uses the provider slot consulpeering.c<k+1>. Every pair is peered once: the
    cluster earlier in the list generates the token, the later one establishes the peering.
    name: the peer name every other cluster gives this one (a lower-case DNS label, e.g. its datacenter).
    partition, meta: of its side of each peering (partition: Consul Enterprise, leave unset on CE).
    exports: its services; each goes to the clusters in `to` (default: every other cluster), and allow_from lists the
    services of those clusters allowed to call it ({ cluster, service }: one allow intention source each).
  EOT
  type = list(object({
    name      = string
    partition = optional(string)
    meta      = optional(map(string))
    exports = optional(list(object({
      service    = string
      namespace  = optional(string)
      to         = optional(list(string))
      allow_from = optional(list(object({ cluster = string, service = string })), [])
    })), [])
  }))
  nullable = false

  validation {
    condition     = length(var.clusters) >= 2 && length(var.clusters) <= 5
    error_message = "clusters must hold 2 to 5 clusters (the module has 5 provider slots, consulpeering.c1 ... c5), got ${length(var.clusters)}."
  }
  validation {
    condition     = alltrue([for cluster in var.clusters : can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", cluster.name))])
    error_message = "clusters[*].name must be peer names (DNS labels: 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit), got ${jsonencode([for cluster in var.clusters : cluster.name])}."
  }
  validation {
    condition     = length(distinct([for cluster in var.clusters : cluster.name])) == length(var.clusters)
    error_message = "clusters[*].name must be unique, got ${jsonencode([for cluster in var.clusters : cluster.name])}."
  }
  validation {
    condition = alltrue(flatten([for cluster in var.clusters : [for item in cluster.exports : [
      for name in coalesce(item.to, []) : name != cluster.name && contains([for other in var.clusters : other.name], name)
    ]]]))
    error_message = "clusters[*].exports[*].to must name other clusters of the mesh (a cluster does not export to itself)."
  }
  validation {
    condition = alltrue(flatten([for cluster in var.clusters : [for item in cluster.exports : [
      for caller in item.allow_from : caller.cluster != cluster.name && contains(
        item.to != null ? item.to : [for other in var.clusters : other.name], caller.cluster,
      )
    ]]]))
    error_message = "clusters[*].exports[*].allow_from[*].cluster must name another cluster of the mesh that the service is exported to."
  }
  validation {
    condition = alltrue([for cluster in var.clusters :
      length(distinct([for item in cluster.exports : [item.namespace, item.service]])) == length(cluster.exports)
    ])
    error_message = "clusters[*].exports lists a service more than once (list it once, with all its callers in allow_from)."
  }
}

variable "peer_through_mesh_gateways" {
  description = "Peer through mesh gateways: a consulpeering_mesh on every cluster sets peering.peer_through_mesh_gateways before its tokens and peerings (a mesh gateway must be registered in each cluster). false: the mesh entries are not touched."
  type        = bool
  default     = false
  nullable    = false
}

variable "rotation_trigger" {
  description = "Any value; changing it rotates every token and re-establishes every peering in place."
  type        = string
  default     = null
}

variable "wait_for_active" {
  description = "Wait until each peering is ACTIVE before exports and intentions are written (the provider's default: true)."
  type        = bool
  default     = null
}

variable "active_timeout" {
  description = "How long to wait for ACTIVE, a duration such as \"90s\" or \"2m\" (the provider's default: \"2m\")."
  type        = string
  default     = null

  validation {
    condition     = var.active_timeout == null || can(regex("^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$", var.active_timeout))
    error_message = "active_timeout must be a duration such as \"90s\", \"2m\" or \"1m30s\", got ${jsonencode(var.active_timeout)}."
  }
}
