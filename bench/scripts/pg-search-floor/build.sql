-- One document per conversation, the cheapest layout for search inside PostgreSQL that was
-- measured: the words of the rows customers see (positions stripped), the conversation's
-- audience keys as lexemes (so access is a term of the query), and its last activity beside it.
-- floor_docs_weeks adds the week of the last activity as one more lexeme ('w:<week>'), so that a
-- search can read the newest matches week by week from the index. Run on a seeded store:
--   psql -h 127.0.0.1 -U postgres -d bench_1m -f build.sql      (about 3 minutes at 1M)
\timing on
SET work_mem = '256MB';
SET maintenance_work_mem = '1GB';
DROP TABLE IF EXISTS floor_docs, floor_docs_weeks;
CREATE TABLE floor_docs AS
SELECT s.conversation_id, c.sort_at,
       strip(to_tsvector('simple', string_agg(s.body, ' ')) || array_to_tsvector(max(s.audience))) AS doc
FROM search_index s JOIN conversations c USING (conversation_id)
WHERE s.internal = 0
GROUP BY s.conversation_id, c.sort_at;
ALTER TABLE floor_docs ADD PRIMARY KEY (conversation_id);
CREATE INDEX floor_docs_doc ON floor_docs USING gin (doc);
CREATE INDEX floor_docs_sort ON floor_docs (sort_at, conversation_id);
CREATE TABLE floor_docs_weeks AS
SELECT conversation_id, sort_at, doc || array_to_tsvector(ARRAY['w:' || (sort_at / 604800000)]) AS doc FROM floor_docs;
ALTER TABLE floor_docs_weeks ADD PRIMARY KEY (conversation_id);
CREATE INDEX floor_docs_weeks_doc ON floor_docs_weeks USING gin (doc);
VACUUM ANALYZE floor_docs;
VACUUM ANALYZE floor_docs_weeks;
SELECT count(*) AS conversations, pg_size_pretty(pg_relation_size('floor_docs')) AS heap,
       pg_size_pretty(pg_relation_size('floor_docs_doc')) AS gin, round(avg(length(doc)), 1) AS lexemes
FROM floor_docs;
