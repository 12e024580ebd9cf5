"""Officer pages that join plan content with its figures."""
