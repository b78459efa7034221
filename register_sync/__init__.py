"""What the register says: import, retention rules, comparison with findings, the FG report."""
