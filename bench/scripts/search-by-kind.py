"""Each seeded search query once, one request at a time, as its user; prints each time and the
median and maximum per user and kind of query. Usage:
    python3 bench/scripts/search-by-kind.py <bench-credentials.json> <base URL of a running Parley>
(a store seeded by `./parley bench seed`, whose credentials list its searchQueries)."""
import json, sys, time, urllib.request, urllib.parse, collections
cred = json.load(open(sys.argv[1])); base = sys.argv[2]
tok = {"customer": cred["users"]["biggestCustomerMember"]["token"], "customerMedian": cred["users"]["medianCustomerMember"]["token"], "employee": cred["users"]["employee"]["token"]}
res = collections.defaultdict(list)
for q in cred["searchQueries"]:
    url = base + "/v2/conversations?limit=50&fullTextSearch=" + urllib.parse.quote(q["query"])
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + tok[q["as"]]})
    t = time.time()
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read(); total = r.headers.get("X-Pagination-TotalCount"); status = r.status
    except Exception as e:
        total = None; status = str(e)[:40]
    ms = (time.time() - t) * 1000
    res[(q["as"], q["kind"])].append(ms)
    print(f'{q["as"]:8} {q["kind"]:18} {ms:8.1f} ms  total={total} status={status}  {q["query"]}', flush=True)
print()
for k, v in sorted(res.items()):
    v.sort(); print(f"{k[0]:8} {k[1]:18} n={len(v)} median {v[len(v)//2]:8.1f} ms  max {v[-1]:8.1f} ms")
