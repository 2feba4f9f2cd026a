BEGIN;
INSERT INTO nt (v) VALUES (1);
SELECT pg_notify('x', '1');
COMMIT;
