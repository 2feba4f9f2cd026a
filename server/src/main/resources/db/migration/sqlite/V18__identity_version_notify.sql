-- PostgreSQL's identity_version triggers announce each rise by NOTIFY since version 18 (see its
-- V18). SQLite has no notifications: a node reads the counter every 100 ms instead. This version
-- keeps the two schemas' version numbers in step (an export names its schema version).
SELECT 1;
