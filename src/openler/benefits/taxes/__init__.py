"""Payroll tax, federal income tax and credits, and state income taxes."""
