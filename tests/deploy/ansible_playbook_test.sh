#!/bin/bash
# deploy/ansible/p4nf.yml checked offline (no managed node here): ansible-playbook's
# --syntax-check (the playbook's structure, every module and keyword known to this
# ansible-core), then the node config template rendered by Ansible itself for the example
# host edge-1 (its host_vars) on the local connection, and that config checked by p4nf's
# validator (config_check). Usage: ansible_playbook_test.sh <source dir> <config_check>
set -u
SRC=$1
CHECK=$2
command -v ansible-playbook >/dev/null || { echo "SKIP: no ansible-playbook (scripts/setup installs ansible-core)"; exit 77; }
WORK=$(mktemp -d /tmp/p4nf-ansible-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export ANSIBLE_HOME=$WORK/home ANSIBLE_LOCAL_TEMP=$WORK/tmp ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0
fail() { echo "FAIL: $*"; cat "$WORK/out" 2>/dev/null; exit 1; }
cd "$SRC/deploy/ansible" || fail "no deploy/ansible"

ansible-playbook --syntax-check -i inventory.ini p4nf.yml >"$WORK/out" 2>&1 || fail "ansible-playbook --syntax-check"
grep -qi "warning" "$WORK/out" && fail "ansible-playbook warns"

ansible edge-1 -i inventory.ini -c local -e ansible_python_interpreter=/usr/bin/python3 \
  -e p4nf_deployment=edge -m ansible.builtin.template \
  -a "src=templates/edge.yaml.j2 dest=$WORK/edge.yaml" >"$WORK/out" 2>&1 || fail "rendering the template"
"$CHECK" "$WORK/edge.yaml" >"$WORK/out" 2>&1 || { cat "$WORK/edge.yaml"; fail "the rendered config is not valid"; }
grep -q "^  1: eth1$" "$WORK/edge.yaml" || fail "the host's ports are not in the rendered config"
echo "PASS"
