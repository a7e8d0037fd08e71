"""config.yaml: the settings, the register of NHS employers, the accessibility statement and the licence."""
