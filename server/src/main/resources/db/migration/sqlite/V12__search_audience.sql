-- PostgreSQL's search rows gained their conversation's audience keys in version 12 (see its
-- V12). SQLite's search runs on the Lucene index, which has held them from the start; this
-- version keeps the two schemas' version numbers in step (an export names its schema version).
SELECT 1;
