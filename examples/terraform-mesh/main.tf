# Five Consul clusters peered pairwise by the cluster-mesh module (modules/cluster-mesh): 10 peerings, the earlier
# cluster of each pair generating the token (dc1 accepts from the four others, dc2 from dc3, dc4 and dc5, and so on).
# dc1 exports "web" to every other cluster and lets dc2's "frontend" call it; dc3 exports "db" to dc2 only and lets
# dc2's "api" call it.
# See README.md for installing the provider (`npx consul-peering-terraform install --mirror DIR`).

terraform {
  required_providers {
    consulpeering = {
      source = "terraform.local/consul-peering/consulpeering"
    }
  }
}

variable "addresses" {
  description = "HTTP address of each cluster by name, e.g. { dc1 = \"http://127.0.0.1:8500\", ... }"
  type        = object({ dc1 = string, dc2 = string, dc3 = string, dc4 = string, dc5 = string })
}

variable "tokens" {
  description = "ACL token of each cluster by name (peering:write, mesh:write, intention:write on its exported services); null when ACLs are off"
  type        = object({ dc1 = optional(string), dc2 = optional(string), dc3 = optional(string), dc4 = optional(string), dc5 = optional(string) })
  default     = {}
  sensitive   = true
}

variable "token_passphrase" {
  description = "Passphrase (16+ characters) that seals the peering tokens in state and plans; null falls back to CONSUL_PEERING_TOKEN_PASSPHRASE. Without either the tokens are stored unsealed, and the plan warns."
  type        = string
  default     = null
  sensitive   = true
}

# Every provider gets the same passphrase: the accepting cluster's seals the token, the dialing cluster's opens it.
provider "consulpeering" {
  alias                    = "dc1"
  address                  = var.addresses.dc1
  token                    = var.tokens.dc1
  peering_token_passphrase = var.token_passphrase
}

provider "consulpeering" {
  alias                    = "dc2"
  address                  = var.addresses.dc2
  token                    = var.tokens.dc2
  peering_token_passphrase = var.token_passphrase
}

provider "consulpeering" {
  alias                    = "dc3"
  address                  = var.addresses.dc3
  token                    = var.tokens.dc3
  peering_token_passphrase = var.token_passphrase
}

provider "consulpeering" {
  alias                    = "dc4"
  address                  = var.addresses.dc4
  token                    = var.tokens.dc4
  peering_token_passphrase = var.token_passphrase
}

provider "consulpeering" {
  alias                    = "dc5"
  address                  = var.addresses.dc5
  token                    = var.tokens.dc5
  peering_token_passphrase = var.token_passphrase
}

module "mesh" {
  source = "../../modules/cluster-mesh"
  # clusters[k] uses slot c<k+1>. With fewer than 5 clusters, the unused slots declare no resource, but Terraform
  # wants every slot passed: any configuration will do (e.g. consulpeering.dc1).
  providers = {
    consulpeering.c1 = consulpeering.dc1
    consulpeering.c2 = consulpeering.dc2
    consulpeering.c3 = consulpeering.dc3
    consulpeering.c4 = consulpeering.dc4
    consulpeering.c5 = consulpeering.dc5
  }

  clusters = [
    { name = "dc1", exports = [{ service = "web", allow_from = [{ cluster = "dc2", service = "frontend" }] }] },
    { name = "dc2" },
    { name = "dc3", exports = [{ service = "db", to = ["dc2"], allow_from = [{ cluster = "dc2", service = "api" }] }] },
    { name = "dc4" },
    { name = "dc5" },
  ]
}

output "states" {
  description = "State of each peering's dialing side, keyed \"acceptor.dialer\" (ACTIVE after apply)."
  value       = module.mesh.states
}
