# Inputs of the ClusterPeering component in snake_case: one object per side, plus the token and wait settings.
# Validation here catches at plan time what would otherwise fail halfway through an apply (the provider validates
# every resource argument too, with the attribute path, once the values reach it).

variable "acceptor" {
  description = <<-EOT
    The cluster that generates the token (provider consulpeering.acceptor).
    name: the peer name the dialer gives this cluster (a lower-case DNS label, e.g. its datacenter).
    partition, meta: of its side of the peering (partition: Consul Enterprise, leave unset on CE).
    exports: its services exported to the dialer; allow_from lists the dialer's services allowed to call each one
    (one allow intention per caller; empty: no intentions written for that service).
  EOT
  type = object({
    name      = string
    partition = optional(string)
    meta      = optional(map(string))
    exports = optional(list(object({
      service    = string
      namespace  = optional(string)
      allow_from = optional(list(string), [])
    })), [])
  })
  nullable = false

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.acceptor.name))
    error_message = "acceptor.name must be a peer name (a DNS label: 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit), got ${jsonencode(var.acceptor.name)}."
  }
  validation {
    condition     = alltrue([for item in var.acceptor.exports : item.service == "*" || can(regex("^[^*]+$", item.service))])
    error_message = "acceptor.exports[*].service must be a service name or \"*\" (every service), not empty and not partly a wildcard; got ${jsonencode([for item in var.acceptor.exports : item.service if !(item.service == "*" || can(regex("^[^*]+$", item.service)))])}."
  }
  validation {
    condition     = length(distinct([for item in var.acceptor.exports : [item.namespace, item.service]])) == length(var.acceptor.exports)
    error_message = "acceptor.exports lists a service more than once (list it once, with all its callers in allow_from): ${jsonencode([for key, items in { for item in var.acceptor.exports : (item.namespace == null ? item.service : "${item.namespace}/${item.service}") => item... } : key if length(items) > 1])}."
  }
  validation {
    condition     = alltrue(flatten([for item in var.acceptor.exports : [for caller in item.allow_from : caller == "*" || can(regex("^[^*]+$", caller))]]))
    error_message = "acceptor.exports[*].allow_from must hold service names of the dialer or \"*\" (every service), not empty and not partly a wildcard; got ${jsonencode(flatten([for item in var.acceptor.exports : [for caller in item.allow_from : caller if !(caller == "*" || can(regex("^[^*]+$", caller)))]]))}."
  }
  validation {
    condition     = alltrue([for item in var.acceptor.exports : length(distinct(item.allow_from)) == length(item.allow_from)])
    error_message = "acceptor.exports[*].allow_from names a caller twice, for ${jsonencode([for item in var.acceptor.exports : item.service if length(distinct(item.allow_from)) != length(item.allow_from)])}."
  }
}

variable "dialer" {
  description = <<-EOT
    The cluster that establishes the peering with the acceptor's token (provider consulpeering.dialer).
    name: the peer name the acceptor gives this cluster (a lower-case DNS label, e.g. its datacenter).
    partition, meta: of its side of the peering (partition: Consul Enterprise, leave unset on CE).
    exports: its services exported to the acceptor; allow_from lists the acceptor's services allowed to call each one.
  EOT
  type = object({
    name      = string
    partition = optional(string)
    meta      = optional(map(string))
    exports = optional(list(object({
      service    = string
      namespace  = optional(string)
      allow_from = optional(list(string), [])
    })), [])
  })
  nullable = false

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$", var.dialer.name))
    error_message = "dialer.name must be a peer name (a DNS label: 1-63 lower-case letters, digits or '-', starting and ending with a letter or digit), got ${jsonencode(var.dialer.name)}."
  }
  validation {
    condition     = alltrue([for item in var.dialer.exports : item.service == "*" || can(regex("^[^*]+$", item.service))])
    error_message = "dialer.exports[*].service must be a service name or \"*\" (every service), not empty and not partly a wildcard; got ${jsonencode([for item in var.dialer.exports : item.service if !(item.service == "*" || can(regex("^[^*]+$", item.service)))])}."
  }
  validation {
    condition     = length(distinct([for item in var.dialer.exports : [item.namespace, item.service]])) == length(var.dialer.exports)
    error_message = "dialer.exports lists a service more than once (list it once, with all its callers in allow_from): ${jsonencode([for key, items in { for item in var.dialer.exports : (item.namespace == null ? item.service : "${item.namespace}/${item.service}") => item... } : key if length(items) > 1])}."
  }
  validation {
    condition     = alltrue(flatten([for item in var.dialer.exports : [for caller in item.allow_from : caller == "*" || can(regex("^[^*]+$", caller))]]))
    error_message = "dialer.exports[*].allow_from must hold service names of the acceptor or \"*\" (every service), not empty and not partly a wildcard; got ${jsonencode(flatten([for item in var.dialer.exports : [for caller in item.allow_from : caller if !(caller == "*" || can(regex("^[^*]+$", caller)))]]))}."
  }
  validation {
    condition     = alltrue([for item in var.dialer.exports : length(distinct(item.allow_from)) == length(item.allow_from)])
    error_message = "dialer.exports[*].allow_from names a caller twice, for ${jsonencode([for item in var.dialer.exports : item.service if length(distinct(item.allow_from)) != length(item.allow_from)])}."
  }
}

variable "server_external_addresses" {
  description = "host:port addresses the dialer should use to reach the acceptor's servers (NAT, load balancers); changing them rotates the token in place."
  type        = list(string)
  default     = null
}

variable "peer_through_mesh_gateways" {
  description = "Peer through mesh gateways: a consulpeering_mesh on each side sets peering.peer_through_mesh_gateways before the token is generated (a mesh gateway must be registered in each cluster). false: the mesh entries are not touched."
  type        = bool
  default     = false
  nullable    = false
}

variable "rotation_trigger" {
  description = "Any value; changing it rotates the token and re-establishes the peering in place."
  type        = string
  default     = null
}

variable "wait_for_active" {
  description = "Wait until the peering is ACTIVE before exports and intentions are written (the provider's default: true)."
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
