output "states" {
  description = "State of each peering's dialing side, keyed \"acceptor.dialer\" (ACTIVE once established)."
  value = merge(
    { for key, peering in consulpeering_peering.c2 : key => peering.state },
    { for key, peering in consulpeering_peering.c3 : key => peering.state },
    { for key, peering in consulpeering_peering.c4 : key => peering.state },
    { for key, peering in consulpeering_peering.c5 : key => peering.state }
  )
}

output "peering_ids" {
  description = "ID of each peering (the accepting side's), keyed \"acceptor.dialer\"."
  value = merge(
    { for key, token in consulpeering_peering_token.c1 : key => token.peering_id },
    { for key, token in consulpeering_peering_token.c2 : key => token.peering_id },
    { for key, token in consulpeering_peering_token.c3 : key => token.peering_id },
    { for key, token in consulpeering_peering_token.c4 : key => token.peering_id }
  )
}
