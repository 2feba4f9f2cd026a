-- SQLite's full-text rows got keys that writes find them by in version 20 (see its V20).
-- PostgreSQL's `search_index` has had indexes on conversation and entry from the start; this
-- version keeps the two schemas' version numbers in step (an export names its schema version).
SELECT 1;
