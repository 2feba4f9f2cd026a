-- Every rise of identity_version is announced on the channel parley_identity, the new version as
-- the payload, delivered to every node when (and only if) the transaction commits. Nodes no
-- longer read the counter on every request: they learn of their own writes as they commit them,
-- and of everyone else's (other nodes, parley admin, an import, SQL by hand) by this
-- notification, with a read once a second in case notifications were lost.
CREATE OR REPLACE FUNCTION bump_identity_version() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    raised BIGINT;
BEGIN
    UPDATE identity_version SET version = version + 1 WHERE id = 1 RETURNING version INTO raised;
    PERFORM pg_notify('parley_identity', raised::text);
    RETURN NULL;
END;
$$;
