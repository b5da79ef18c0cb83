"""travelwatch."""
