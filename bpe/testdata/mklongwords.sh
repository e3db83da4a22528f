#!/usr/bin/env bash
# Writes long_words.jsonl.gz: long words without spaces (repeated
# characters, random letters, base64, CJK, mixed scripts), 4000 characters
# or so each, with the reference's ids and offsets for gpt2, llama3, gpt4o
# and llama2 (offsets as [start - previous end, end - start] in code
# points). Needs the reference in $REF (default /work/ref) and the
# tokenizers in $SHARED (default /work/shared).
set -euo pipefail
REF=${REF:-/work/ref}
SHARED=${SHARED:-/work/shared}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
python3 - "$tmp/in.jsonl" <<'PY'
import base64, json, random, sys
r = random.Random(11)
n = 4000
lines = [
    "a" * n,
    "".join(r.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)),
    base64.b64encode(bytes(r.getrandbits(8) for _ in range(n * 3 // 4))).decode(),
    "中" * (n // 3),
    "".join(chr(0x4E00 + r.randrange(0x5000)) for _ in range(n // 3)),
    "=" * n,
    " " * n,
    "".join(r.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(n)),
    "".join(r.choice(["é", "ж", "日", "a", "ü", "😀", "ी"]) for _ in range(n // 3)),
    "ab" * (n // 2),
    "".join(r.choice(["the", "qu", "ick", "x", "zz", "ing"]) for _ in range(n // 3)),
]
with open(sys.argv[1], "w") as f:
    for l in lines:
        f.write(json.dumps({"text": l, "add_special_tokens": False}) + "\n")
PY
for t in gpt2 llama3 gpt4o llama2; do
	REF=$REF node "$here/../../internal/tools/mkgolden.js" "$SHARED/tokenizers/$t/tokenizer.json" < "$tmp/in.jsonl" > "$tmp/$t.jsonl"
done
python3 - "$tmp" "$here/long_words.jsonl.gz" <<'PY'
import gzip, json, sys
tmp, dst = sys.argv[1], sys.argv[2]
with gzip.open(dst, "wt", compresslevel=9) as out:
    for t in ["gpt2", "llama3", "gpt4o", "llama2"]:
        for line in open(f"{tmp}/{t}.jsonl"):
            d = json.loads(line)
            prev, spans = 0, []
            for s, e in d["offsets"]:
                spans.append([s - prev, e - s])
                prev = e
            out.write(json.dumps({"tokenizer": t, "text": d["text"], "ids": d["ids"], "spans": spans},
                                 ensure_ascii=False, separators=(",", ":")) + "\n")
PY
rm -r "$tmp"
