"""What a return is: field descriptions and kinds, models, paths, metrics, number parsing, reference data."""
