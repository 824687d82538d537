"""Zircolite's detection method, for the side-by-side benchmark (zircolite-compare.bench.ts).

Zircolite (github.com/wagga40/Zircolite) loads events into an in-memory SQLite table, one
column per flattened field, and runs one SQL query per rule of its pre-converted ruleset. This
script does the same with Python's sqlite3, written for this benchmark after reading how
Zircolite sets up its database (not copied from it):

- PRAGMAs of Zircolite's in-memory database (no journal, no sync, exclusive lock, 128 MB cache);
- a table `logs` with `row_id INTEGER PRIMARY KEY AUTOINCREMENT` and one column per field
  (INTEGER when the first value seen is an integer, else TEXT COLLATE NOCASE; names deduplicated
  case-insensitively);
- events flattened to their leaf names; null and empty values dropped; lists stored as their
  Python text; `Hashes`, `Hash` and `ConfigurationFileHash` split on ',' and '=' into one column
  per algorithm, as Zircolite's field configuration does;
- indexes on EventID and Channel;
- a `regexp(pattern, value)` function (Python `re.search`, compiled patterns cached; no match on
  a NULL value or a bad pattern);
- each SQL statement of each rule run in turn (row_id = 1-based line number of the event); a statement that fails (e.g. a column no event
  has) matches nothing, as in Zircolite.

The input is JSON lines whose keys are already Zircolite's flattened names (the benchmark's
flat events: Channel, EventID, Image, CommandLine, …). Usage:

    python3 zircolite_method.py RULES_JSON EVENTS_JSONL [RULE_IDS_FILE]

RULE_IDS_FILE (one rule id per line) restricts the run to those rules. Writes one JSON line per
match to standard output, {"rule_id": …, "event": <0-based line index>}, and a JSON summary
(rules run, statements failed, load and query milliseconds) as the last line of standard error.
"""

import json
import re
import sqlite3
import sys
import time
from functools import lru_cache

SPLIT_FIELDS = ("Hashes", "Hash", "ConfigurationFileHash")


@lru_cache(maxsize=512)
def compiled(pattern):
    return re.compile(pattern)


def regexp(pattern, value):
    if value is None:
        return 0
    try:
        return 1 if compiled(pattern).search(str(value)) else 0
    except re.error:
        return 0


def leaves(value, name, out):
    if isinstance(value, dict):
        for key, child in value.items():
            leaves(child, key, out)
        return
    if value is None or value == "":
        return
    if isinstance(value, list):
        value = str(value)
    if name in SPLIT_FIELDS and isinstance(value, str):
        for part in value.split(","):
            pieces = part.split("=")
            if len(pieces) == 2:
                out[pieces[0]] = pieces[1]
        return
    if isinstance(value, int) and abs(value) > 9223372036854775807:
        value = str(value)
    out[name] = value


def main():
    if len(sys.argv) not in (3, 4):
        sys.stderr.write(__doc__)
        return 2
    started = time.perf_counter()
    with open(sys.argv[1], encoding="utf-8") as handle:
        rules = json.load(handle)
    if len(sys.argv) == 4:
        with open(sys.argv[3], encoding="utf-8") as handle:
            wanted = {line.strip().lower() for line in handle if line.strip()}
        rules = [rule for rule in rules if str(rule.get("id", "")).lower() in wanted]

    events = []
    with open(sys.argv[2], encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            if line.strip():
                flat = {}
                leaves(json.loads(line), "", flat)
                events.append((index, flat))

    columns = {}  # lower-case name -> (name, SQL type)
    for _, event in events:
        for name, value in event.items():
            if name.lower() not in columns:
                is_int = isinstance(value, int)
                columns[name.lower()] = (name, "INTEGER" if is_int else "TEXT COLLATE NOCASE")
    names = [name for name, _ in columns.values()]
    position = {lower: index for index, lower in enumerate(columns)}

    db = sqlite3.connect(":memory:", isolation_level=None)
    for pragma, value in (
        ("journal_mode", "OFF"),
        ("synchronous", "OFF"),
        ("cache_size", "-128000"),
        ("locking_mode", "EXCLUSIVE"),
        ("temp_store", "MEMORY"),
        ("page_size", "4096"),
    ):
        db.execute(f"PRAGMA {pragma} = {value};")
    db.create_function("regexp", 2, regexp)
    fields = ", ".join(f'"{name}" {kind}' for name, kind in columns.values())
    db.execute(f"CREATE TABLE logs ( row_id INTEGER PRIMARY KEY AUTOINCREMENT, {fields} );")
    rows = []
    for index, event in events:
        row = [index + 1] + [None] * len(names)
        for name, value in event.items():
            row[1 + position[name.lower()]] = value
        rows.append(row)
    marks = ", ".join("?" for _ in range(len(names) + 1))
    quoted = ", ".join(["row_id"] + [f'"{name}"' for name in names])
    db.execute("BEGIN")
    db.executemany(f"INSERT INTO logs ({quoted}) VALUES ({marks})", rows)
    db.execute("COMMIT")
    if "eventid" in columns:
        db.execute('CREATE INDEX "idx_eventid" ON "logs" ("eventid");')
    if "channel" in columns:
        db.execute('CREATE INDEX "idx_channel" ON "logs" ("Channel");')
    loaded = time.perf_counter()

    failed = 0
    out = sys.stdout
    cursor = db.cursor()
    for rule in rules:
        rule_id = rule.get("id", "")
        for statement in rule.get("rule", []):
            try:
                cursor.execute(statement)
                found = cursor.fetchall()
            except sqlite3.Error:
                failed += 1
                continue
            for row in found:
                out.write(json.dumps({"rule_id": rule_id, "event": row[0] - 1}) + "\n")
    done = time.perf_counter()
    sys.stderr.write(
        json.dumps(
            {
                "rules": len(rules),
                "events": len(events),
                "columns": len(names),
                "failed_statements": failed,
                "load_ms": (loaded - started) * 1000,
                "query_ms": (done - loaded) * 1000,
            }
        )
        + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
