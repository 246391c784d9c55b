"""pamflet: from text pasted out of a PDF to print PDF, booklet, PDF/A and EPUB."""

__version__ = "0.1.0"
