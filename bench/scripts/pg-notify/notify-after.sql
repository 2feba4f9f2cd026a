BEGIN;
INSERT INTO nt (v) VALUES (1);
COMMIT;
SELECT pg_notify('x', '1');
