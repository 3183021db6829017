"""Test helpers users can import: hypothesis strategies and the store adapter contract suite."""
