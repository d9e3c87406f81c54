"""Active learning: choosing sentences for a person to label, and bringing their labels back."""
