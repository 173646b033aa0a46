#!/usr/bin/env python3
"""deploy/k8s/*.yaml checked offline, as far as that goes without a cluster (there is no
Kubernetes here): every file is well-formed YAML; every object's every field exists in the
Kubernetes API with the right type, read from the API's own models (Debian's
python3-kubernetes, the client generated from the API's OpenAPI schema: each model lists
its fields and their types); the objects deserialize into those models (which checks the
required fields); and what the DaemonSet promises docs/fleet.md is there (host network,
exactly the capabilities the docs name, bpffs and /run/p4nf from the host, the config
from the ConfigMap, probes on the agent's /healthz and /readyz). The ConfigMap's p4nf
config is checked by p4nf's own validator (config_check). Exit 77 without the module.

Usage: k8s_manifests_test.py <source dir> <config_check>"""
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import yaml
    import kubernetes.client as k8s
    from kubernetes.client import ApiClient
except ImportError as error:
    print("SKIP: %s (scripts/setup installs python3-yaml and python3-kubernetes)" % error)
    sys.exit(77)

PRIMITIVES = {"str": str, "int": int, "bool": bool, "float": (int, float), "object": object,
              "datetime": str, "date": str}
KINDS = {("v1", "Namespace"): "V1Namespace", ("v1", "ConfigMap"): "V1ConfigMap",
         ("apps/v1", "DaemonSet"): "V1DaemonSet"}


def check_fields(value, type_name, path, errors):
    """Every key of `value` is a field of the model `type_name`, recursively."""
    if type_name.startswith("list["):
        if not isinstance(value, list):
            errors.append("%s: a list expected, got %r" % (path, value))
            return
        for i, item in enumerate(value):
            check_fields(item, type_name[5:-1], "%s[%d]" % (path, i), errors)
        return
    if type_name.startswith("dict("):
        inner = re.match(r"dict\(str, (.*)\)$", type_name).group(1)
        if not isinstance(value, dict):
            errors.append("%s: a mapping expected, got %r" % (path, value))
            return
        for key, item in value.items():
            check_fields(item, inner, "%s.%s" % (path, key), errors)
        return
    if type_name in PRIMITIVES:
        if not isinstance(value, PRIMITIVES[type_name]) or (type_name == "int" and isinstance(value, bool)):
            errors.append("%s: %s expected, got %r" % (path, type_name, value))
        return
    model = getattr(k8s, type_name)
    if not isinstance(value, dict):
        errors.append("%s: a %s (mapping) expected, got %r" % (path, type_name, value))
        return
    fields = {json_name: model.openapi_types[name] for name, json_name in model.attribute_map.items()}
    for key, item in value.items():
        if key not in fields:
            errors.append("%s: %s has no field %r (it has: %s)" % (path, type_name, key, ", ".join(sorted(fields))))
            continue
        # IntOrString fields (ports, maxUnavailable) are typed 'object' in the models.
        check_fields(item, fields[key], "%s.%s" % (path, key), errors)


def main():
    source, config_check = sys.argv[1], sys.argv[2]
    folder = os.path.join(source, "deploy", "k8s")
    errors, objects = [], []
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".yaml"):
            continue
        with open(os.path.join(folder, name)) as f:
            documents = [d for d in yaml.safe_load_all(f) if d is not None]
        if name == "kustomization.yaml":
            listed = documents[0]["resources"]
            present = sorted(n for n in os.listdir(folder) if n.endswith(".yaml") and n != name)
            if sorted(listed) != present:
                errors.append("kustomization.yaml lists %s, the folder has %s" % (listed, present))
            continue
        for document in documents:
            key = (document.get("apiVersion"), document.get("kind"))
            if key not in KINDS:
                errors.append("%s: unexpected kind %s" % (name, key))
                continue
            body = {k: v for k, v in document.items() if k not in ("apiVersion", "kind")}
            check_fields(body, KINDS[key], "%s:%s" % (name, key[1]), errors)
            try:  # the models' constructors refuse missing required fields
                ApiClient()._ApiClient__deserialize(document, KINDS[key])
            except (ValueError, TypeError) as error:
                errors.append("%s: %s does not deserialize: %s" % (name, key[1], error))
            objects.append(document)
    by_kind = {o["kind"]: o for o in objects}

    daemonset = by_kind["DaemonSet"]["spec"]["template"]["spec"]
    agent = next(c for c in daemonset["containers"] if c["name"] == "agent")
    expect = [
        (daemonset.get("hostNetwork") is True, "hostNetwork"),
        (agent["securityContext"]["capabilities"] == {
            "drop": ["ALL"], "add": ["BPF", "NET_ADMIN", "PERFMON", "SYS_ADMIN"]},
         "the agent's capabilities are exactly those of docs/fleet.md"),
        (agent["securityContext"].get("privileged") is False, "not privileged"),
        (agent["livenessProbe"]["httpGet"]["path"] == "/healthz", "liveness on /healthz"),
        (agent["readinessProbe"]["httpGet"]["path"] == "/readyz", "readiness on /readyz"),
        ({v["name"]: v.get("hostPath", {}).get("path") for v in daemonset["volumes"]}.items()
         >= {"bpffs": "/sys/fs/bpf", "run": "/run/p4nf"}.items(), "bpffs and /run/p4nf from the host"),
        (any(v.get("configMap", {}).get("name") == by_kind["ConfigMap"]["metadata"]["name"]
             for v in daemonset["volumes"]), "the config from the ConfigMap"),
        (agent["command"][1:4] == ["up", "-f", "/etc/p4nf/node.yaml"], "the agent runs p4nf up -f"),
        (any("kill -HUP" in " ".join(c.get("command", [])) for c in daemonset["containers"]),
         "something sends SIGHUP on a config change"),
        (daemonset.get("shareProcessNamespace") is True, "the reloader sees the agent's pid"),
    ]
    errors += ["daemonset: " + what for ok, what in expect if not ok]

    with tempfile.TemporaryDirectory() as workdir:
        config = os.path.join(workdir, "node.yaml")
        with open(config, "w") as f:
            f.write(by_kind["ConfigMap"]["data"]["node.yaml"])
        result = subprocess.run([config_check, config], capture_output=True, text=True)
        if result.returncode != 0:
            errors.append("the ConfigMap's node.yaml is not a valid p4nf config:\n" + result.stdout + result.stderr)

    for error in errors:
        print("FAIL: " + error)
    if errors:
        return 1
    print("%d objects, every field known to the Kubernetes API (python3-kubernetes %s); PASS" % (
        len(objects), __import__("kubernetes").__version__))
    return 0


if __name__ == "__main__":
    sys.exit(main())
