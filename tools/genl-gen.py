#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the mptcpsec uapi header and kernel netlink tables from the YAML spec.

Usage: genl-gen.py SPEC UAPI_HEADER KERNEL_HEADER KERNEL_SOURCE

The spec format is a small subset of the kernel's genetlink YAML specs:
definitions (enums), attribute-sets (u8/u16/u32/u64/string/binary/flag/nest/pad),
operations (do/dump with request attribute lists; "event" operations, which
are notifications sent to a multicast group, get a command number and no
handler) and mcast-groups.
Every operation is admin-only, and joining a multicast group needs
CAP_NET_ADMIN in the namespace's user namespace (GENL_MCAST_CAP_NET_ADMIN).
Operations without request attributes get a policy that rejects any
attribute, so strict validation covers them too.
"""

import sys

import yaml

BANNER = ("/* Do not edit: generated from uapi/mptcpsec.yaml by "
          "tools/genl-gen.py (make regen). */")


def c_name(name):
    return name.upper().replace("-", "_")


def c_ident(name):
    return name.lower().replace("-", "_")


class Spec:
    def __init__(self, doc):
        self.doc = doc
        self.name = doc["name"]
        self.prefix = c_name(self.name)
        self.enums = {d["name"]: d for d in doc.get("definitions", [])
                      if d["type"] == "enum"}
        self.sets = {s["name"]: s for s in doc["attribute-sets"]}
        self.ops = doc["operations"]
        # Requests (do/dump) have handlers; "event" operations only a number.
        self.req_ops = [op for op in self.ops if "do" in op or "dump" in op]
        self.mcgrps = doc.get("mcast-groups", [])
        for s in self.sets.values():
            for i, a in enumerate(s["attributes"], start=1):
                a["value"] = i

    def attr_const(self, set_name, attr_name):
        return self.sets[set_name]["attr-prefix"] + c_name(attr_name)

    def set_max(self, set_name):
        return self.sets[set_name]["attr-prefix"] + "MAX"

    def policy_name(self, set_name):
        return "%s_%s_nl_policy" % (c_ident(self.name), c_ident(set_name))

    def enum_max(self, enum_name):
        return len(self.enums[enum_name]["entries"]) - 1


def comment_block(lines, indent=""):
    out = [indent + "/*"]
    for line in lines:
        out.append((indent + " * " + line).rstrip())
    out.append(indent + " */")
    return out


def gen_uapi(spec):
    p = spec.prefix
    guard = "_UAPI_LINUX_%s_H" % p
    out = ["/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */",
           BANNER, "", "#ifndef " + guard, "#define " + guard, "",
           '#define %s_FAMILY_NAME\t"%s"' % (p, spec.name),
           "#define %s_FAMILY_VERSION\t%d" % (p, spec.doc["version"]), ""]
    for grp in spec.mcgrps:
        out.append('#define %s_MCGRP_%s\t"%s"' % (p, c_name(grp["name"]),
                                                  grp["name"]))
    out.append("")
    for e in spec.enums.values():
        en = "%s_%s" % (p, c_name(e["name"]))
        out += comment_block([e.get("doc", "").strip()])
        out.append("enum %s_%s {" % (c_ident(spec.name), c_ident(e["name"])))
        for ent in e["entries"]:
            if ent.get("doc"):
                out.append("\t/* %s */" % ent["doc"].strip())
            out.append("\t%s_%s," % (en, c_name(ent["name"])))
        out.append("")
        out.append("\t/* private: */")
        out.append("\t__%s_MAX," % en)
        out.append("\t%s_MAX = (__%s_MAX - 1)" % (en, en))
        out.append("};")
        out.append("")
    for s in spec.sets.values():
        if s.get("doc"):
            out += comment_block([s["doc"].strip()])
        out.append("enum {")
        for a in s["attributes"]:
            line = "\t%s%s" % (s["attr-prefix"], c_name(a["name"]))
            if a["value"] == 1:
                line += " = 1"
            doc = a.get("doc", "").strip()
            if doc:
                out.append("\t/* %s */" % doc)
            out.append(line + ",")
        out.append("")
        out.append("\t/* private: */")
        mx = s["attr-prefix"] + "MAX"
        out.append("\t__%s," % mx)
        out.append("\t%s = (__%s - 1)" % (mx, mx))
        out.append("};")
        out.append("")
    out.append("enum {")
    for i, op in enumerate(spec.ops, start=1):
        out.append("\t/* %s */" % " ".join(op["doc"].split()))
        out.append("\t%s_CMD_%s%s," % (p, c_name(op["name"]),
                                       " = 1" if i == 1 else ""))
    out.append("")
    out.append("\t/* private: */")
    out.append("\t__%s_CMD_MAX," % p)
    out.append("\t%s_CMD_MAX = (__%s_CMD_MAX - 1)" % (p, p))
    out.append("};")
    out.append("")
    out.append("#endif /* %s */" % guard)
    return "\n".join(out) + "\n"


def policy_entry(spec, a):
    t = a["type"]
    checks = a.get("checks", {})
    if t in ("u8", "u16", "u32", "u64"):
        nla = "NLA_" + t.upper()
        if "enum" in a:
            return "NLA_POLICY_MAX(%s, %d)" % (nla, spec.enum_max(a["enum"]))
        if "min" in checks and "max" in checks:
            return "NLA_POLICY_RANGE(%s, %d, %d)" % (nla, checks["min"],
                                                     checks["max"])
        if "max" in checks:
            return "NLA_POLICY_MAX(%s, %d)" % (nla, checks["max"])
        if "min" in checks:
            return "NLA_POLICY_MIN(%s, %d)" % (nla, checks["min"])
        return "{ .type = %s, }" % nla
    if t == "string":
        return "{ .type = NLA_NUL_STRING, .len = %d, }" % checks["max-len"]
    if t == "binary":
        if "min-len" in checks:
            return "NLA_POLICY_RANGE(NLA_BINARY, %d, %d)" % (
                checks["min-len"], checks["max-len"])
        return "{ .type = NLA_BINARY, .len = %d, }" % checks["max-len"]
    if t == "flag":
        return "{ .type = NLA_FLAG, }"
    if t == "nest":
        return "NLA_POLICY_NESTED(%s)" % spec.policy_name(a["nested-attributes"])
    raise ValueError("unsupported attribute type " + t)


def op_request(op):
    for kind in ("do", "dump"):
        if kind in op and "request" in op[kind]:
            return op[kind]["request"]
    return []


def op_policy_name(spec, op):
    return "%s_%s_nl_policy" % (c_ident(spec.name), c_ident(op["name"]))


def gen_kernel_header(spec):
    p = spec.prefix
    ident = c_ident(spec.name)
    guard = "_%s_NETLINK_GEN_H" % p
    out = ["/* SPDX-License-Identifier: GPL-2.0 */", BANNER, "",
           "#ifndef " + guard, "#define " + guard, "",
           "#include <net/genetlink.h>", "",
           "#include <linux/%s.h>" % spec.name, ""]
    for s in spec.sets.values():
        if s["name"] == "root":
            continue
        out.append("extern const struct nla_policy %s[%s + 1];" % (
            spec.policy_name(s["name"]), spec.set_max(s["name"])))
    out.append("")
    for op in spec.ops:
        if "do" in op:
            out.append("int %s_nl_%s_doit(struct sk_buff *skb, struct genl_info *info);"
                       % (ident, c_ident(op["name"])))
        if "dump" in op:
            out.append("int %s_nl_%s_dumpit(struct sk_buff *skb, "
                       "struct netlink_callback *cb);"
                       % (ident, c_ident(op["name"])))
    out.append("")
    out.append("extern const struct genl_ops %s_nl_ops[%d];" % (ident, len(spec.req_ops)))
    out.append("")
    out.append("enum {")
    for grp in spec.mcgrps:
        out.append("\t%s_NLGRP_%s," % (p, c_name(grp["name"])))
    out.append("};")
    out.append("")
    out.append("extern const struct genl_multicast_group %s_nl_mcgrps[%d];"
               % (ident, len(spec.mcgrps)))
    out.append("")
    out.append("#endif /* %s */" % guard)
    return "\n".join(out) + "\n"


def gen_kernel_source(spec):
    p = spec.prefix
    ident = c_ident(spec.name)
    out = ["// SPDX-License-Identifier: GPL-2.0", BANNER, "",
           '#include "netlink_gen.h"', ""]
    # Nested set policies, in dependency order (leaves first).
    done = []

    def emit_set(name):
        if name in done or name == "root":
            return
        s = spec.sets[name]
        for a in s["attributes"]:
            if a["type"] == "nest":
                emit_set(a["nested-attributes"])
        out.append("const struct nla_policy %s[%s + 1] = {" % (
            spec.policy_name(name), spec.set_max(name)))
        for a in s["attributes"]:
            if a["type"] == "pad":
                continue    # never accepted in a request
            out.append("\t[%s] = %s," % (spec.attr_const(name, a["name"]),
                                         policy_entry(spec, a)))
        out.append("};")
        out.append("")
        done.append(name)

    for name in spec.sets:
        emit_set(name)

    root = {a["name"]: a for a in spec.sets["root"]["attributes"]}
    for op in spec.req_ops:
        req = op_request(op)
        pname = op_policy_name(spec, op)
        if req:
            last = max(root[r]["value"] for r in req)
            last_name = [a for a in root.values() if a["value"] == last][0]
            size = spec.attr_const("root", last_name["name"])
            out.append("/* %s: accepts %s */" % (op["name"], ", ".join(req)))
            out.append("static const struct nla_policy %s[%s + 1] = {" % (pname, size))
            for r in req:
                out.append("\t[%s] = %s," % (spec.attr_const("root", r),
                                             policy_entry(spec, root[r])))
            out.append("};")
        else:
            out.append("/* %s: accepts no attribute */" % op["name"])
            out.append("static const struct nla_policy %s[1 + 1] = {" % pname)
            out.append("};")
        out.append("")

    out.append("const struct genl_ops %s_nl_ops[%d] = {" % (ident, len(spec.req_ops)))
    for op in spec.req_ops:
        req = op_request(op)
        out.append("\t{")
        out.append("\t\t.cmd\t\t= %s_CMD_%s," % (p, c_name(op["name"])))
        if "do" in op:
            out.append("\t\t.doit\t\t= %s_nl_%s_doit," % (ident, c_ident(op["name"])))
        if "dump" in op:
            out.append("\t\t.dumpit\t\t= %s_nl_%s_dumpit," % (ident, c_ident(op["name"])))
        out.append("\t\t.policy\t\t= %s," % op_policy_name(spec, op))
        out.append("\t\t.maxattr\t= ARRAY_SIZE(%s) - 1," % op_policy_name(spec, op))
        out.append("\t\t.flags\t\t= GENL_ADMIN_PERM,")
        out.append("\t},")
    out.append("};")
    out.append("")
    out.append("const struct genl_multicast_group %s_nl_mcgrps[%d] = {" % (
        ident, len(spec.mcgrps)))
    for grp in spec.mcgrps:
        out.append("\t[%s_NLGRP_%s] = {" % (p, c_name(grp["name"])))
        out.append("\t\t.name\t= %s_MCGRP_%s," % (p, c_name(grp["name"])))
        out.append("\t\t.flags\t= GENL_MCAST_CAP_NET_ADMIN,")
        out.append("\t},")
    out.append("};")
    return "\n".join(out) + "\n"


class StrictLoader(yaml.SafeLoader):
    """A YAML loader that refuses a mapping holding a key twice (PyYAML
    would keep the last one silently, hiding a pasted-over section)."""


def _strict_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, "duplicate key %r" % (key,), key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                             _strict_mapping)


def main():
    if len(sys.argv) != 5:
        sys.stderr.write(__doc__)
        return 1
    with open(sys.argv[1]) as f:
        spec = Spec(yaml.load(f, Loader=StrictLoader))
    for path, text in ((sys.argv[2], gen_uapi(spec)),
                       (sys.argv[3], gen_kernel_header(spec)),
                       (sys.argv[4], gen_kernel_source(spec))):
        with open(path, "w") as f:
            f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
