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


def bench_rules():
    """The two rule texts inline in bench/bench_language.cpp."""
    src = open(os.path.join(ROOT, "bench", "bench_language.cpp")).read()
    default = re.search(r'kExalateDefault = R"\((.*?)\)"', src, re.S).group(1)
    filt = re.search(r'BM_OutgoingWithCommentFilter.*?compile_or_die\(R"\((.*?)\)"\)', src, re.S).group(1)
    return default, filt


def rule_files(tmp):
    default, filt = bench_rules()
    files = {}
    for name, text in (("exalate_default", default), ("comment_filter", filt)):
        path = os.path.join(tmp, name + ".sync")
        with open(path, "w") as f:
            f.write(text + "\n")
        files[name] = path
    ex = os.path.join(ROOT, "examples")
    return {
        "exalate_default_outgoing": files["exalate_default"],
        "outgoing_comment_filter": files["comment_filter"],
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
        rules = rule_files(tmp)
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
