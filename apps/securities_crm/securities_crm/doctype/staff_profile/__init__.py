"""Staff Profile: a desk user's branch, manager and roles."""
