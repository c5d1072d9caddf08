"""Who should we involve? Searching the network, exporting contact lists, and the record of lists sent."""
