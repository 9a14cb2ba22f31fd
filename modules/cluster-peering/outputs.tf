output "peering_state" {
  description = "State of the dialer's side of the peering (ACTIVE once established)."
  value       = consulpeering_peering.this.state
}

output "peering_id" {
  description = "ID of the peering: the acceptor's side, which the dialer's side records as its peer_id (the component's peeringId)."
  value       = consulpeering_peering_token.this.peering_id
}
