"""Fails when the chart's alerts or dashboard use a metric the running operator does not serve.

usage: names-are-served.py METRICS_TEXT RENDERED_CHART_YAML
The metrics text is a scrape of the operator's /metrics; the YAML is `helm template` output with the
PrometheusRule and the dashboard ConfigMap. Every name with the operator's prefixes (dli_,
operator_sdk_, jvm_, process_) in an alert expression or a dashboard query must be served.
"""
import json
import re
import sys

import yaml

NAME = re.compile(r"\b((?:dli|operator_sdk|jvm|process)_[a-zA-Z0-9_]+)\b")

served = set()
with open(sys.argv[1]) as metrics:
    for line in metrics:
        if line and not line.startswith("#"):
            served.add(re.split(r"[{ ]", line, maxsplit=1)[0])

expressions = []
with open(sys.argv[2]) as rendered:
    for doc in yaml.safe_load_all(rendered):
        if not doc:
            continue
        if doc["kind"] == "PrometheusRule":
            for group in doc["spec"]["groups"]:
                expressions += [rule["expr"] for rule in group["rules"]]
        elif doc["kind"] == "ConfigMap" and "grafana_dashboard" in doc["metadata"].get("labels", {}):
            for dashboard in doc["data"].values():
                board = json.loads(dashboard)
                for panel in board["panels"]:
                    expressions += [target["expr"] for target in panel["targets"]]
                for variable in board["templating"]["list"]:
                    if isinstance(variable.get("query"), dict):
                        expressions.append(variable["query"]["query"])

if not expressions:
    sys.exit("found no alert expressions or dashboard queries in " + sys.argv[2])
used = {name for expression in expressions for name in NAME.findall(expression)}
missing = sorted(used - served)
print(f"{len(expressions)} expressions use {len(used)} metric names: {', '.join(sorted(used))}")
if missing:
    sys.exit("not served by the operator: " + ", ".join(missing))
