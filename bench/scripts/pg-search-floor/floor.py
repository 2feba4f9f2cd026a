"""The cheapest a search can be inside PostgreSQL, per seeded query, on the tables of build.sql.

For each of the store's seeded search queries (bench-credentials.json, searchQueries) of the
biggest customer's member and of the employee, both ways PostgreSQL can answer "the newest
matches, and up to 1,001 of them counted" are timed (EXPLAIN ANALYZE, the best of 3, no
parallel workers, jit off):
  walk  the caller's conversations newest first, each one's document tested, LIMIT 1001
  gin   the matches read from the GIN index (for the customer: words AND one of its audience
        keys), sorted by last activity, LIMIT 1001
and the better of the two is kept, as if a planner always knew it beforehand. Phrases are
asked as their words only (the positions would be checked on the rows afterwards), so every
figure is a lower bound for its query. Usage:
    python3 floor.py <bench-credentials.json> [database, default bench_1m]
"""
import json, re, subprocess, sys

cred = json.load(open(sys.argv[1]))
db = sys.argv[2] if len(sys.argv) > 2 else "bench_1m"


def psql(*statements):
    args = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qAt", "-c", "SET jit = off",
            "-c", "SET max_parallel_workers_per_gather = 0"]
    for s in statements:
        args += ["-c", s]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def timed(sql, *settings):
    best = None
    for _ in range(3):
        out = psql(*settings, "EXPLAIN (ANALYZE, TIMING OFF) " + sql)
        ms = float(re.search(r"Execution Time: ([\d.]+)", out).group(1))
        best = ms if best is None else min(best, ms)
    return best


def tsquery(query):
    """The API's meaning of a search as a tsquery: bare words are prefixes, -word excludes."""
    include, exclude = [], []
    for m in re.finditer(r'(-?)("[^"]*"|\S+)', query):
        negative, term = m.group(1), m.group(2)
        if term.startswith('"'):
            words = [w.lower() for w in re.findall(r"\w+", term)]
            text = "(" + " & ".join("'%s'" % w for w in words) + ")"  # a phrase as its words
        else:
            text = "'%s':*" % term.lower()
        (exclude if negative else include).append(text)
    return " & ".join(include) + "".join(" & !" + e for e in exclude)


customer = cred["users"]["biggestCustomerMember"]
uid = customer["userId"]
keys = ["u:" + uid]
keys += ["c:" + r for r in psql("SELECT customer_id FROM customer_members WHERE user_id = '%s'" % uid).split()]
keys += ["p:" + r for r in psql("SELECT project_id FROM project_members WHERE user_id = '%s'" % uid).split()]
keys += ["g:" + r for r in psql("SELECT g.placement_group_id FROM placement_groups g JOIN customer_members m "
                                 "USING (customer_id) WHERE m.user_id = '%s'" % uid).split()]
audience = "(" + " | ".join("'%s'" % k for k in keys) + ")"
visible = int(psql("SELECT count(*) FROM floor_docs WHERE doc @@ $$%s$$::tsquery" % audience).strip())
print("customer %s: %d keys, %d conversations by the keys (%d visible by the seed)"
      % (uid, len(keys), visible, customer["visibleConversations"]))

for who in ("customer", "employee"):
    best_sum, rows = 0.0, 0
    for q in [q for q in cred["searchQueries"] if q["as"] == who]:
        t = tsquery(q["query"])
        if who == "customer":
            walk = ("SELECT v.conversation_id FROM conversation_viewers v JOIN floor_docs d USING (conversation_id) "
                    "WHERE v.user_id = '%s' AND d.doc @@ $$%s$$::tsquery ORDER BY v.sort_at DESC LIMIT 1001" % (uid, t))
            gin = ("SELECT conversation_id FROM floor_docs WHERE doc @@ $$(%s) & %s$$::tsquery "
                   "ORDER BY sort_at DESC LIMIT 1001" % (t, audience))
            w, g = timed(walk), timed(gin)
        else:
            sql = "SELECT conversation_id FROM floor_docs WHERE doc @@ $$%s$$::tsquery ORDER BY sort_at DESC LIMIT 1001" % t
            w, g = timed(sql, "SET enable_bitmapscan = off"), timed(sql, "SET enable_indexscan = off")
        best_sum += min(w, g)
        rows += 1
        print("%-8s %-16s %-22s walk %8.2f ms  gin %8.2f ms  best %8.2f ms" % (who, q["kind"], q["query"], w, g, min(w, g)),
              flush=True)
    print("%-8s mean of the best over %d queries: %.2f ms\n" % (who, rows, best_sum / rows), flush=True)

# the newest matches week by week: one week's matches of the customer, exact word and prefix
# the newest week holding at least half an average week's conversations (the seed's last days are sparse)
week = int(psql("SELECT max(w) FROM (SELECT sort_at / 604800000 AS w, count(*) AS n FROM floor_docs GROUP BY 1) weeks "
                "WHERE n >= (SELECT count(*) FROM floor_docs) / (SELECT count(DISTINCT sort_at / 604800000) FROM floor_docs) / 2").strip())
for term in ("'the'", "'the':*", "'request'", "'request':*", "'dotted'", "'dotted':*"):
    sql = "SELECT conversation_id, sort_at FROM floor_docs_weeks WHERE doc @@ $$%s & %s & 'w:%d'$$::tsquery" % (term, audience, week)
    n = psql(sql.replace("SELECT conversation_id, sort_at", "SELECT count(*)")).strip()
    print("weeks    one week (w:%d), %-12s %5s matches  %8.2f ms" % (week, term, n, timed(sql)), flush=True)
