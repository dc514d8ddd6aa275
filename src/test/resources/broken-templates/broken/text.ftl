Hi there
