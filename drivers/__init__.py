"""Device drivers (printer, ID card reader, gas card reader) and their simulators."""
