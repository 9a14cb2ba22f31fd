# The dialer stack (its own repository in real life): runs against dc2 and establishes the peering with the token
# the acceptor stack put into its state. Used by `npm run demo` (scripts/demo.mjs).

terraform {
  required_providers {
    consulpeering = {
      source = "terraform.local/consul-peering/consulpeering"
    }
  }
}

variable "consul_addr" {
  description = "HTTP address of the dialing cluster (dc2)"
  type        = string
}

variable "consul_token" {
  description = "ACL token for dc2 (peering:write); null when ACLs are off"
  type        = string
  default     = null
  sensitive   = true
}

variable "acceptor_state" {
  description = "Path of the acceptor stack's terraform.tfstate (local backend)"
  type        = string
}

variable "peer_name" {
  description = "The name dc2 gives to the accepting cluster"
  type        = string
  default     = "dc1"
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

data "terraform_remote_state" "acceptor" {
  backend = "local"
  config = {
    path = var.acceptor_state
  }
}

# Waits until the peering is ACTIVE.
resource "consulpeering_peering" "peer" {
  peer_name     = var.peer_name
  peering_token = data.terraform_remote_state.acceptor.outputs.peering_token
}

output "peering_state" {
  value = consulpeering_peering.peer.state
}
