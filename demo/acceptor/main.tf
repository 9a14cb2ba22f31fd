# The acceptor stack (its own repository in real life): runs against dc1, creates the peering token for dc2,
# exports "web" to dc2 and lets dc2's "frontend" call it. The token leaves this stack only as a sensitive output,
# which the dialer stack reads through terraform_remote_state. Used by `npm run demo` (scripts/demo.mjs).

terraform {
  required_providers {
    consulpeering = {
      source = "terraform.local/consul-peering/consulpeering"
    }
  }
}

variable "consul_addr" {
  description = "HTTP address of the accepting cluster (dc1), e.g. http://127.0.0.1:8500"
  type        = string
}

variable "consul_token" {
  description = "ACL token for dc1 (peering:write, mesh:write, intention:write); null when ACLs are off"
  type        = string
  default     = null
  sensitive   = true
}

variable "peer_name" {
  description = "The name dc1 gives to the dialing cluster"
  type        = string
  default     = "dc2"
}

variable "token_passphrase" {
  description = "Passphrase that seals the peering token in state (the same in both stacks); null falls back to CONSUL_PEERING_TOKEN_PASSPHRASE"
  type        = string
  default     = null
  sensitive   = true
}

provider "consulpeering" {
  address                  = var.consul_addr
  token                    = var.consul_token
  peering_token_passphrase = var.token_passphrase
}

resource "consulpeering_peering_token" "peer" {
  peer_name = var.peer_name
}

resource "consulpeering_exported_services" "web" {
  services = [
    { name = "web", consumers = [{ peer = consulpeering_peering_token.peer.peer_name }] },
  ]
}

resource "consulpeering_service_intentions" "web" {
  name = "web"
  sources = [
    { name = "frontend", peer = consulpeering_peering_token.peer.peer_name, action = "allow" },
  ]
}

output "peer_name" {
  value = consulpeering_peering_token.peer.peer_name
}

output "peering_token" {
  description = "The token the dialer stack establishes the peering with; a secret."
  value       = consulpeering_peering_token.peer.peering_token
  sensitive   = true
}
