"""What may happen: domain objects and the strategy-cycle machine. Pure: no I/O, no clock."""
