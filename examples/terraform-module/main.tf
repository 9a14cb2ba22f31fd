# Two Consul clusters peered by the cluster-peering module (modules/cluster-peering): dc1 accepts (it generates the
# token), dc2 dials (it establishes the peering with that token and waits until ACTIVE); then dc1 exports "web" to
# dc2 and lets dc2's "frontend" call it, and dc2 exports "payments" to dc1 and lets dc1's "web" call it.
# See README.md for installing the provider (`npx consul-peering-terraform install --mirror DIR`).

terraform {
  required_providers {
    consulpeering = {
      source = "terraform.local/consul-peering/consulpeering"
    }
  }
}

variable "dc1_addr" {
  description = "HTTP address of the accepting cluster, e.g. http://127.0.0.1:8500"
  type        = string
}

variable "dc2_addr" {
  description = "HTTP address of the dialing cluster"
  type        = string
}

variable "dc1_token" {
  description = "ACL token for dc1 (peering:write, mesh:write, intention:write on web); null when ACLs are off"
  type        = string
  default     = null
  sensitive   = true
}

variable "dc2_token" {
  description = "ACL token for dc2 (peering:write, mesh:write, intention:write on payments); null when ACLs are off"
  type        = string
  default     = null
  sensitive   = true
}

variable "token_passphrase" {
  description = "Passphrase (16+ characters) that seals the peering token in state and plans; null falls back to CONSUL_PEERING_TOKEN_PASSPHRASE. Without either the token is stored unsealed, and the plan warns."
  type        = string
  default     = null
  sensitive   = true
}

# Both providers get the same passphrase: dc1's seals the token it generates, dc2's opens it.
provider "consulpeering" {
  alias                    = "dc1"
  address                  = var.dc1_addr
  token                    = var.dc1_token
  peering_token_passphrase = var.token_passphrase
}

provider "consulpeering" {
  alias                    = "dc2"
  address                  = var.dc2_addr
  token                    = var.dc2_token
  peering_token_passphrase = var.token_passphrase
}

module "peering" {
  source = "../../modules/cluster-peering"
  providers = {
    consulpeering.acceptor = consulpeering.dc1
    consulpeering.dialer   = consulpeering.dc2
  }

  # dc2 calls its peer "dc1"; dc1 exports web to it and lets its frontend in.
  acceptor = {
    name    = "dc1"
    exports = [{ service = "web", allow_from = ["frontend"] }]
  }
  # dc1 calls its peer "dc2"; dc2 exports payments to it and lets its web in.
  dialer = {
    name    = "dc2"
    exports = [{ service = "payments", allow_from = ["web"] }]
  }
}

output "peering_state" {
  description = "State of the peering on the dialing side (ACTIVE after apply)."
  value       = module.peering.peering_state
}

output "peering_id" {
  description = "ID of the peering (dc1's side of it)."
  value       = module.peering.peering_id
}
