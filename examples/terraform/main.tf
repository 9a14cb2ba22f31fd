# Two Consul clusters peered with one Terraform configuration: dc1 accepts (it generates the token), dc2 dials
# (it establishes the peering with that token), then dc1 exports "web" to dc2 and lets dc2's "frontend" call it.
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
  description = "ACL token for dc1 (peering:write, mesh:write, intention:write); null when ACLs are off"
  type        = string
  default     = null
  sensitive   = true
}

variable "dc2_token" {
  description = "ACL token for dc2 (peering:write); null when ACLs are off"
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

# dc1 (acceptor): a token for the peer it calls "dc2".
resource "consulpeering_peering_token" "dc2" {
  provider  = consulpeering.dc1
  peer_name = "dc2"
}

# dc2 (dialer): establishes the peering it calls "dc1" and waits until it is ACTIVE. peering_token is write-only:
# Terraform keeps only its fingerprint (token_fingerprint), never the token.
resource "consulpeering_peering" "dc1" {
  provider      = consulpeering.dc2
  peer_name     = "dc1"
  peering_token = consulpeering_peering_token.dc2.peering_token
}

# dc1 exports "web" to its peer dc2 (merged into dc1's exported-services entry).
resource "consulpeering_exported_services" "to_dc2" {
  provider = consulpeering.dc1
  services = [
    { name = "web", consumers = [{ peer = consulpeering_peering_token.dc2.peer_name }] },
  ]
  # Only these meta keys are managed: keys other stacks put into the entry are kept.
  meta       = { managed-by = "consul-peering-example" }
  depends_on = [consulpeering_peering.dc1]
}

# dc1 lets "frontend" of dc2 call "web".
resource "consulpeering_service_intentions" "web" {
  provider = consulpeering.dc1
  name     = "web"
  sources = [
    { name = "frontend", peer = consulpeering_peering_token.dc2.peer_name, action = "allow" },
  ]
  depends_on = [consulpeering_peering.dc1]
}

output "peering_state" {
  description = "State of the peering on the dialing side (ACTIVE after apply)."
  value       = consulpeering_peering.dc1.state
}
