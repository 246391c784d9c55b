"""Writers: the document model → output files (PDF, EPUB)."""
