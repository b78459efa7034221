"""What the data is: a Dutch Presidio analyzer, and column and document classification."""
