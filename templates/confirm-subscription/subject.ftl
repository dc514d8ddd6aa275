Please confirm your subscription
