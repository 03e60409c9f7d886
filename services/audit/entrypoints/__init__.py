"""`onecouncil audit ...`: the auditor's command line."""
