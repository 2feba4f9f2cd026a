BEGIN;
INSERT INTO nt (v) VALUES (1);
COMMIT;
SELECT set_config('synchronous_commit','off',true), pg_notify('x', '1');
