"""The receipt printer: ESC/POS driver, receipt documents, print jobs and a simulator."""
