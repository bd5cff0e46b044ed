"""Pure computation with no Django import: standing, tallies, matching, outliers."""
