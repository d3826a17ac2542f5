"""Gas IC card reader/writer (CRT-310 style framing, SLE4442 cards): driver, card layout, simulator."""
