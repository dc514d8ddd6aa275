The state of B2B lead management: our yearly report
