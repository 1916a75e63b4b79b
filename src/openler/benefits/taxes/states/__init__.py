"""One module per state income tax (see :mod:`openler.benefits.taxes.state`)."""
