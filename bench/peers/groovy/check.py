#!/usr/bin/python3
# check.py — do the Groovy scripts compute what twinsync's rules compute? Runs run.groovy --check
# (each script once on bench/peers/inputs) and `twinsync eval` of each script's twinsync
# counterpart on the same inputs, and compares the records field by field.
# Usage: bench/peers/groovy/check.py PATH/TO/twinsync      (exit 1 on a difference)
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
INPUTS = os.path.join(HERE, "..", "inputs")
EXALATE_DEFAULT = os.path.join(ROOT, "tests", "import", "exalate", "default.outgoing.groovy")


def comment_filter_rules():
    """The comment filter's rule text, inline in bench/bench_language.cpp."""
    src = open(os.path.join(ROOT, "bench", "bench_language.cpp")).read()
    return re.search(r'BM_OutgoingWithCommentFilter.*?run_outgoing\(state, R"\((.*?)\)"\)', src, re.S).group(1)


def rule_files(twinsync, tmp):
    """The twinsync counterpart of each script: Exalate's default script as `twinsync import exalate`
    translates it (bench_language does the same), the comment filter of bench_language.cpp, and the
    example rule files."""
    default = os.path.join(tmp, "exalate_default.sync")
    subprocess.check_output([twinsync, "import", "exalate", "--outgoing", EXALATE_DEFAULT, "-o", default], text=True)
    filt = os.path.join(tmp, "comment_filter.sync")
    with open(filt, "w") as f:
        f.write(comment_filter_rules() + "\n")
    ex = os.path.join(ROOT, "examples")
    return {
        "exalate_default_outgoing": default,
        "outgoing_comment_filter": filt,
        "qa_outgoing": f"{ex}/outsourced_qa/qa.sync", "qa_incoming": f"{ex}/outsourced_qa/qa.sync",
        "dev_outgoing": f"{ex}/outsourced_qa/dev.sync", "dev_incoming": f"{ex}/outsourced_qa/dev.sync",
        "basic_outgoing": f"{ex}/presets/basic.sync", "basic_incoming": f"{ex}/presets/basic.sync",
        "visual_outgoing": f"{ex}/presets/visual.sync", "visual_incoming": f"{ex}/presets/visual.sync",
    }


def clean(record):
    return {k: v for k, v in record.items() if v is not None and v != [] and v != {}}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check.py PATH/TO/twinsync")
    twinsync = sys.argv[1]
    env = dict(os.environ)
    if "JAVA_HOME" not in env:
        java = os.path.realpath(subprocess.check_output(["which", "java"], text=True).strip())
        env["JAVA_HOME"] = os.path.dirname(os.path.dirname(java))
    out = subprocess.check_output(["groovy", os.path.join(HERE, "run.groovy"), "--check"], text=True, env=env)
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        rules = rule_files(twinsync, tmp)
        for line in out.splitlines():
            g = json.loads(line)
            if g["script"] not in rules:
                continue  # a baseline without a twinsync counterpart
            rule = rules[g["script"]]
            if g["block"] == "outgoing":
                source = "issue_critical.json" if g["script"] == "visual_outgoing" else "issue.json"
                cmd = [twinsync, "eval", rule, "--block", "outgoing", "--issue", os.path.join(INPUTS, source)]
                t = json.loads(subprocess.check_output(cmd, text=True))
                want = clean(t["replica"])
            else:
                cmd = [twinsync, "eval", rule, "--block", "incoming", "--issue", os.path.join(INPUTS, "local.json"),
                       "--replica", os.path.join(INPUTS, "replica.json"),
                       "--previous", os.path.join(INPUTS, "replica.json")]
                t = json.loads(subprocess.check_output(cmd, text=True))
                want = json.load(open(os.path.join(INPUTS, "local.json")))
                for field, change in t.get("changes", {}).items():
                    want[field] = change["to"]
                want = clean(want)
            got = clean(g["result"])
            diff = sorted(k for k in set(want) | set(got) if want.get(k) != got.get(k))
            status = "same" if not diff else "DIFFERENT in " + ", ".join(diff)
            print(f"{g['name']:32} {g['script']:26} vs {os.path.relpath(rule, ROOT) if rule.startswith(ROOT) else 'bench_language.cpp'}: {status}")
            for k in diff:
                print(f"    {k}: twinsync {json.dumps(want.get(k))[:200]}\n    {' ' * len(k)}  groovy   {json.dumps(got.get(k))[:200]}")
            failed = failed or bool(diff)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
