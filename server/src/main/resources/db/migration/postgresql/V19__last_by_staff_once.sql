-- SQLite's last_by_staff trigger now runs only when the flag does not match the author (its
-- V19). PostgreSQL's is a BEFORE trigger that sets the flag in the row being written, so nothing
-- changes here; this version keeps the two schemas' version numbers in step.
SELECT 1;
