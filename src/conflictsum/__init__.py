"""conflictsum."""
