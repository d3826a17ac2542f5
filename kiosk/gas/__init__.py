"""Gas top-up: the journal of every top-up, its recovery, and the arithmetic shared by flow and receipt."""
