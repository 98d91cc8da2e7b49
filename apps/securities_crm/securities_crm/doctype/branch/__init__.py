"""Branch (营业部): a branch office of the broker. Staff and clients belong to one."""
