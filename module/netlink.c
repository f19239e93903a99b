// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "mptcpsec": the control plane.
 *
 * Attribute policies and the operation table are generated from
 * uapi/mptcpsec.yaml (netlink_gen.c); this file holds the handlers. Every
 * operation is admin-only (GENL_ADMIN_PERM in the table) and acts on the
 * caller's network namespace. Every rejected request carries an extack
 * message. Key material is accepted, never returned.
 */
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "mptcpsec.h"
#include "events.h"
#include "identity.h"
#include "keylog.h"
#include "keys.h"
#include "netlink_gen.h"
#include "policy.h"

/* Report a missing attribute by message and by type. */
#define MPTCPSEC_REQ(extack, nest, tb, type, what) ({			\
	struct netlink_ext_ack *__ea = (extack);			\
	bool __missing = !(tb)[type];					\
	if (__missing) {						\
		NL_SET_ERR_ATTR_MISS(__ea, nest, type);			\
		NL_SET_ERR_MSG_MOD(__ea, "missing attribute: " what);	\
	}								\
	__missing;							\
})

static struct mptcpsec_net *info_mn(struct genl_info *info)
{
	return mptcpsec_pernet(genl_info_net(info));
}

/* A reply to @info for @cmd, its header in *@hdr; NULL when out of memory. */
static struct sk_buff *reply_new(struct genl_info *info, u8 cmd, void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &mptcpsec_nl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int parse_root_nest(struct genl_info *info, int type, int maxtype,
			   const struct nla_policy *policy,
			   struct nlattr **tb)
{
	if (!info->attrs[type]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, type);
		if (type == MPTCPSEC_A_POLICY)
			NL_SET_ERR_MSG_MOD(info->extack, "missing attribute: policy");
		else
			NL_SET_ERR_MSG_MOD(info->extack, "missing attribute: key");
		return -EINVAL;
	}
	return nla_parse_nested(tb, maxtype, info->attrs[type], policy,
				info->extack);
}

/* Destination (family, address) of a policy nest; @full wants a host address. */
static int policy_parse_addr(struct genl_info *info, struct nlattr *nest,
			     struct nlattr **tb,
			     struct mptcpsec_policy_entry *e)
{
	struct netlink_ext_ack *extack = info->extack;
	unsigned int alen;

	if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_FAMILY, "policy family") ||
	    MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_ADDR, "policy addr"))
		return -EINVAL;

	e->family = nla_get_u16(tb[MPTCPSEC_A_POLICY_FAMILY]);
	alen = mptcpsec_af_addr_len(e->family);
	if (!alen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_FAMILY],
				    "mptcpsec: family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	if (nla_len(tb[MPTCPSEC_A_POLICY_ADDR]) != alen) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_ADDR],
				    "mptcpsec: address length does not match family");
		return -EINVAL;
	}
	nla_memcpy(e->addr, tb[MPTCPSEC_A_POLICY_ADDR], alen);
	return 0;
}

/* Prefix, prefix length and port range of a policy nest. */
static int policy_parse_key(struct genl_info *info, struct nlattr *nest,
			    struct nlattr **tb, struct mptcpsec_policy_entry *e)
{
	struct netlink_ext_ack *extack = info->extack;
	int err;

	memset(e, 0, sizeof(*e));
	err = policy_parse_addr(info, nest, tb, e);
	if (err)
		return err;
	if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_PREFIXLEN, "policy prefixlen"))
		return -EINVAL;
	e->prefixlen = nla_get_u8(tb[MPTCPSEC_A_POLICY_PREFIXLEN]);
	if (e->prefixlen > mptcpsec_af_addr_len(e->family) * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_PREFIXLEN],
				    "mptcpsec: prefix length too long for family");
		return -EINVAL;
	}
	if (!mptcpsec_prefix_valid(e->family, e->addr, e->prefixlen)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_ADDR],
				    "mptcpsec: host bits set beyond prefix length");
		return -EINVAL;
	}

	e->port_min = 0;
	e->port_max = 65535;
	if (!!tb[MPTCPSEC_A_POLICY_PORT_MIN] != !!tb[MPTCPSEC_A_POLICY_PORT_MAX]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "mptcpsec: port range needs both port-min and port-max");
		return -EINVAL;
	}
	if (tb[MPTCPSEC_A_POLICY_PORT_MIN]) {
		e->port_min = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MIN]);
		e->port_max = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MAX]);
		if (e->port_min > e->port_max) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_PORT_MAX],
					    "mptcpsec: port range reversed");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * mptcpsec_nl_policy_add_doit() - add or replace a policy entry (POLICY_ADD)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * NLM_F_REPLACE in the request replaces an entry with the same prefix and
 * port range; without it such an entry makes the request fail with -EEXIST.
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct mptcpsec_policy_entry e;
	struct nlattr *nest;
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_POLICY, MPTCPSEC_A_POLICY_MAX,
			      mptcpsec_policy_nl_policy, tb);
	if (err)
		return err;
	nest = info->attrs[MPTCPSEC_A_POLICY];
	err = policy_parse_key(info, nest, tb, &e);
	if (err)
		return err;
	if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_MODE, "policy mode"))
		return -EINVAL;
	e.mode = nla_get_u8(tb[MPTCPSEC_A_POLICY_MODE]);
	e.auth = tb[MPTCPSEC_A_POLICY_AUTH] ?
		 nla_get_u8(tb[MPTCPSEC_A_POLICY_AUTH]) : MPTCPSEC_AUTH_NONE;
	if (e.auth == MPTCPSEC_AUTH_PSK) {
		if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_KEY_NAME,
				 "policy key-name (auth psk needs a key)"))
			return -EINVAL;
		nla_strscpy(e.key_name, tb[MPTCPSEC_A_POLICY_KEY_NAME],
			    sizeof(e.key_name));
		if (!mptcpsec_key_name_valid(e.key_name)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_KEY_NAME],
					    "mptcpsec: invalid key name");
			return -EINVAL;
		}
	} else if (tb[MPTCPSEC_A_POLICY_KEY_NAME]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_KEY_NAME],
				    "mptcpsec: key name given without auth psk");
		return -EINVAL;
	}
	if (e.auth == MPTCPSEC_AUTH_PINNED) {
		if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_POLICY_PEER_KEY,
				 "policy peer-key (auth pinned needs the peer's public key)"))
			return -EINVAL;
		nla_memcpy(e.peer_key, tb[MPTCPSEC_A_POLICY_PEER_KEY],
			   sizeof(e.peer_key));
		if (!memchr_inv(e.peer_key, 0, sizeof(e.peer_key))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_PEER_KEY],
					    "mptcpsec: peer key is all zero");
			return -EINVAL;
		}
	} else if (tb[MPTCPSEC_A_POLICY_PEER_KEY]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_PEER_KEY],
				    "mptcpsec: peer key given without auth pinned");
		return -EINVAL;
	}
	if (tb[MPTCPSEC_A_POLICY_HITS] || tb[MPTCPSEC_A_POLICY_DEFAULT]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_POLICY_HITS] ?:
				    tb[MPTCPSEC_A_POLICY_DEFAULT],
				    "mptcpsec: attribute is read-only");
		return -EINVAL;
	}

	return mptcpsec_policy_add(info_mn(info), &e,
				   info->nlhdr->nlmsg_flags & NLM_F_REPLACE,
				   extack);
}

/**
 * mptcpsec_nl_policy_del_doit() - delete a policy entry (POLICY_DEL)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	struct mptcpsec_policy_entry e;
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_POLICY, MPTCPSEC_A_POLICY_MAX,
			      mptcpsec_policy_nl_policy, tb);
	if (err)
		return err;
	err = policy_parse_key(info, info->attrs[MPTCPSEC_A_POLICY], tb, &e);
	if (err)
		return err;
	return mptcpsec_policy_del(info_mn(info), &e, info->extack);
}

/**
 * mptcpsec_nl_policy_flush_doit() - delete every policy entry (POLICY_FLUSH)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	mptcpsec_policy_flush(info_mn(info));
	return 0;
}

static int policy_fill(struct sk_buff *msg, const struct mptcpsec_policy_entry *e,
		       u64 hits, bool is_default)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCPSEC_A_POLICY);

	if (!nest)
		return -EMSGSIZE;
	if (is_default) {
		if (nla_put_flag(msg, MPTCPSEC_A_POLICY_DEFAULT))
			goto cancel;
	} else {
		if (nla_put_u16(msg, MPTCPSEC_A_POLICY_FAMILY, e->family) ||
		    nla_put(msg, MPTCPSEC_A_POLICY_ADDR,
			    mptcpsec_af_addr_len(e->family), e->addr) ||
		    nla_put_u8(msg, MPTCPSEC_A_POLICY_PREFIXLEN, e->prefixlen) ||
		    nla_put_u64_64bit(msg, MPTCPSEC_A_POLICY_HITS, hits,
				      MPTCPSEC_A_POLICY_PAD))
			goto cancel;
		if ((e->port_min != 0 || e->port_max != 65535) &&
		    (nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MIN, e->port_min) ||
		     nla_put_u16(msg, MPTCPSEC_A_POLICY_PORT_MAX, e->port_max)))
			goto cancel;
	}
	if (nla_put_u8(msg, MPTCPSEC_A_POLICY_MODE, e->mode) ||
	    nla_put_u8(msg, MPTCPSEC_A_POLICY_AUTH, e->auth))
		goto cancel;
	if (e->auth == MPTCPSEC_AUTH_PSK &&
	    nla_put_string(msg, MPTCPSEC_A_POLICY_KEY_NAME, e->key_name))
		goto cancel;
	if (e->auth == MPTCPSEC_AUTH_PINNED &&
	    nla_put(msg, MPTCPSEC_A_POLICY_PEER_KEY, MPTCPSEC_IDENTITY_KEY_LEN,
		    e->peer_key))
		goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * mptcpsec_nl_policy_get_doit() - resolve the policy of one destination (POLICY_GET)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_POLICY_MAX + 1];
	struct mptcpsec_policy_entry dst, e;
	struct sk_buff *msg;
	bool matched;
	u16 port = 0;
	void *hdr;
	u64 hits;
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_POLICY, MPTCPSEC_A_POLICY_MAX,
			      mptcpsec_policy_nl_policy, tb);
	if (err)
		return err;
	memset(&dst, 0, sizeof(dst));
	err = policy_parse_addr(info, info->attrs[MPTCPSEC_A_POLICY], tb, &dst);
	if (err)
		return err;
	if (tb[MPTCPSEC_A_POLICY_PORT_MIN])
		port = nla_get_u16(tb[MPTCPSEC_A_POLICY_PORT_MIN]);

	matched = mptcpsec_policy_peek(info_mn(info), dst.family, dst.addr, port,
				       &e, &hits);

	msg = reply_new(info, MPTCPSEC_CMD_POLICY_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	if (policy_fill(msg, &e, hits, !matched)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/**
 * mptcpsec_nl_policy_get_dumpit() - list every policy entry (POLICY_GET dump)
 * @skb: reply buffer to fill
 * @cb: dump state; resumes where the previous call stopped
 *
 * Return: bytes in @skb, 0 when the dump is complete.
 */
int mptcpsec_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(sock_net(skb->sk));
	unsigned int pos = cb->args[0];
	struct mptcpsec_policy_entry e;
	u64 hits;

	/* Entries are resumed by position: flag the dump if the table changed. */
	cb->seq = READ_ONCE(mn->cfg_gen) + 1;
	for (; mptcpsec_policy_get(mn, pos, &e, &hits); pos++) {
		void *hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, &mptcpsec_nl_family,
					NLM_F_MULTI, MPTCPSEC_CMD_POLICY_GET);

		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		if (policy_fill(skb, &e, hits, false)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = pos;
	return skb->len;
}

/* A file reference: an absolute path (the kernel never opens it). */
static bool file_attr_valid(struct netlink_ext_ack *extack, const struct nlattr *a)
{
	const char *path = nla_data(a);

	if (path[0] != '/') {
		NL_SET_ERR_MSG_ATTR(extack, a, "mptcpsec: file must be an absolute path");
		return false;
	}
	return true;
}

/**
 * mptcpsec_nl_key_add_doit() - add or replace a pre-shared key (KEY_ADD)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * The secret is copied into the key store and never returned.
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_key_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	char name[MPTCPSEC_KEY_NAME_LEN];
	struct nlattr *nest;
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_KEY, MPTCPSEC_A_KEY_MAX,
			      mptcpsec_key_nl_policy, tb);
	if (err)
		return err;
	nest = info->attrs[MPTCPSEC_A_KEY];
	if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_KEY_NAME, "key name") ||
	    MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_KEY_SECRET, "key secret"))
		return -EINVAL;
	if (tb[MPTCPSEC_A_KEY_LEN] || tb[MPTCPSEC_A_KEY_REFS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_KEY_LEN] ?: tb[MPTCPSEC_A_KEY_REFS],
				    "mptcpsec: attribute is read-only");
		return -EINVAL;
	}
	nla_strscpy(name, tb[MPTCPSEC_A_KEY_NAME], sizeof(name));
	if (!mptcpsec_key_name_valid(name)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_KEY_NAME],
				    "mptcpsec: invalid key name (1-31 of A-Z a-z 0-9 _ . -)");
		return -EINVAL;
	}
	if (tb[MPTCPSEC_A_KEY_FILE] && !file_attr_valid(extack, tb[MPTCPSEC_A_KEY_FILE]))
		return -EINVAL;
	return mptcpsec_key_add(info_mn(info), name, nla_data(tb[MPTCPSEC_A_KEY_SECRET]),
				nla_len(tb[MPTCPSEC_A_KEY_SECRET]),
				tb[MPTCPSEC_A_KEY_FILE] ? nla_data(tb[MPTCPSEC_A_KEY_FILE]) : NULL,
				info->nlhdr->nlmsg_flags & NLM_F_REPLACE, extack);
}

/**
 * mptcpsec_nl_key_del_doit() - delete a pre-shared key (KEY_DEL)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_key_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_KEY_MAX + 1];
	char name[MPTCPSEC_KEY_NAME_LEN];
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_KEY, MPTCPSEC_A_KEY_MAX,
			      mptcpsec_key_nl_policy, tb);
	if (err)
		return err;
	if (MPTCPSEC_REQ(info->extack, info->attrs[MPTCPSEC_A_KEY], tb,
			 MPTCPSEC_A_KEY_NAME, "key name"))
		return -EINVAL;
	if (tb[MPTCPSEC_A_KEY_SECRET]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MPTCPSEC_A_KEY_SECRET],
				    "mptcpsec: no secret expected when deleting a key");
		return -EINVAL;
	}
	nla_strscpy(name, tb[MPTCPSEC_A_KEY_NAME], sizeof(name));
	return mptcpsec_key_del(info_mn(info), name, info->extack);
}

/**
 * mptcpsec_nl_key_get_dumpit() - list key names, lengths and users (KEY_GET dump)
 * @skb: reply buffer to fill
 * @cb: dump state; resumes where the previous call stopped
 *
 * Return: bytes in @skb, 0 when the dump is complete.
 */
int mptcpsec_nl_key_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(sock_net(skb->sk));
	char name[MPTCPSEC_KEY_NAME_LEN];
	unsigned int pos = cb->args[0];
	unsigned int len, refs;
	char *file;

	file = kmalloc(MPTCPSEC_PATH_MAX, GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	cb->seq = READ_ONCE(mn->cfg_gen) + 1;
	for (; mptcpsec_key_info(mn, pos, name, &len, &refs, file,
				 MPTCPSEC_PATH_MAX); pos++) {
		struct nlattr *nest;
		void *hdr;

		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mptcpsec_nl_family,
				  NLM_F_MULTI, MPTCPSEC_CMD_KEY_GET);
		if (!hdr)
			break;
		genl_dump_check_consistent(cb, hdr);
		nest = nla_nest_start(skb, MPTCPSEC_A_KEY);
		if (!nest || nla_put_string(skb, MPTCPSEC_A_KEY_NAME, name) ||
		    nla_put_u32(skb, MPTCPSEC_A_KEY_LEN, len) ||
		    nla_put_u32(skb, MPTCPSEC_A_KEY_REFS, refs) ||
		    (file[0] && nla_put_string(skb, MPTCPSEC_A_KEY_FILE, file))) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		nla_nest_end(skb, nest);
		genlmsg_end(skb, hdr);
	}
	kfree(file);
	cb->args[0] = pos;
	return skb->len;
}

/**
 * mptcpsec_nl_subflow_ids() - put what identifies a subflow and its state
 * @msg: the message, inside a subflow nest
 * @sf: the subflow
 *
 * Family, addresses, ports, kind, state, role, address ID (MP_JOIN),
 * backup flag and security: shared by conn dumps and event messages.
 *
 * Return: 0, or -EMSGSIZE.
 */
int mptcpsec_nl_subflow_ids(struct sk_buff *msg,
			    const struct mptcpsec_subflow *sf)
{
	unsigned int alen = mptcpsec_af_addr_len(sf->tuple.family);

	if (nla_put_u16(msg, MPTCPSEC_A_SUBFLOW_FAMILY, sf->tuple.family) ||
	    nla_put(msg, MPTCPSEC_A_SUBFLOW_LADDR, alen, sf->tuple.laddr) ||
	    nla_put(msg, MPTCPSEC_A_SUBFLOW_RADDR, alen, sf->tuple.raddr) ||
	    nla_put_u16(msg, MPTCPSEC_A_SUBFLOW_LPORT, sf->tuple.lport) ||
	    nla_put_u16(msg, MPTCPSEC_A_SUBFLOW_RPORT, sf->tuple.rport) ||
	    nla_put_u8(msg, MPTCPSEC_A_SUBFLOW_KIND, sf->kind) ||
	    nla_put_u8(msg, MPTCPSEC_A_SUBFLOW_STATE, READ_ONCE(sf->state)) ||
	    nla_put_u8(msg, MPTCPSEC_A_SUBFLOW_ROLE, sf->role) ||
	    (sf->kind == MPTCPSEC_KIND_MP_JOIN &&
	     nla_put_u8(msg, MPTCPSEC_A_SUBFLOW_ADDR_ID, sf->addr_id)) ||
	    (READ_ONCE(sf->backup) && nla_put_flag(msg, MPTCPSEC_A_SUBFLOW_BACKUP)) ||
	    nla_put_u8(msg, MPTCPSEC_A_SUBFLOW_SECURITY, READ_ONCE(sf->sec)))
		return -EMSGSIZE;
	return 0;
}

static int subflow_fill(struct sk_buff *msg, const struct mptcpsec_subflow *sf)
{
	struct nlattr *nest = nla_nest_start(msg, MPTCPSEC_A_CONN_SUBFLOW);

	if (!nest)
		return -EMSGSIZE;
	if (mptcpsec_nl_subflow_ids(msg, sf) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_PKTS_IN,
			      atomic64_read(&sf->pkts_in),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_PKTS_OUT,
			      atomic64_read(&sf->pkts_out),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_BYTES_IN,
			      atomic64_read(&sf->bytes_in),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_BYTES_OUT,
			      atomic64_read(&sf->bytes_out),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_PROTECTED,
			      atomic64_read(&sf->protected),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_VERIFIED,
			      atomic64_read(&sf->verified),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_AUTH_FAILURES,
			      atomic64_read(&sf->auth_failures),
			      MPTCPSEC_A_SUBFLOW_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_SUBFLOW_DROPPED,
			      atomic64_read(&sf->dropped),
			      MPTCPSEC_A_SUBFLOW_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* Caller holds mn->lock. */
static u8 conn_state(const struct mptcpsec_conn *conn)
{
	const struct mptcpsec_subflow *sf;
	u8 best = MPTCPSEC_STATE_CLOSED;

	/* The connection is as alive as its most alive subflow. */
	list_for_each_entry(sf, &conn->subflows, conn_list) {
		u8 s = sf->state;

		if (s == MPTCPSEC_STATE_ESTABLISHED)
			return s;
		if (s == MPTCPSEC_STATE_CLOSING || best == MPTCPSEC_STATE_CLOSED)
			best = s;
	}
	return best;
}

/*
 * Caller holds mn->lock. Counters are those of the forgotten subflows plus
 * those of the live ones. Only identifiers, states and counters leave:
 * the MPTCP keys and the secrets of the key schedule never do.
 */
static int conn_fill(struct sk_buff *msg, const struct mptcpsec_conn *conn)
{
	const struct mptcpsec_subflow *sf;
	struct nlattr *nest;
	u64 c[RET_MAX];
	u8 sec, suite;
	int i;

	for (i = 0; i < RET_MAX; i++)
		c[i] = conn->retired[i];
	list_for_each_entry(sf, &conn->subflows, conn_list) {
		c[RET_PKTS_IN] += atomic64_read(&sf->pkts_in);
		c[RET_PKTS_OUT] += atomic64_read(&sf->pkts_out);
		c[RET_BYTES_IN] += atomic64_read(&sf->bytes_in);
		c[RET_BYTES_OUT] += atomic64_read(&sf->bytes_out);
		c[RET_PROTECTED] += atomic64_read(&sf->protected);
		c[RET_VERIFIED] += atomic64_read(&sf->verified);
		c[RET_AUTH_FAILURES] += atomic64_read(&sf->auth_failures);
		c[RET_DROPPED] += atomic64_read(&sf->dropped);
	}
	/* One read: the session ID goes with the state it is valid for. */
	sec = READ_ONCE(conn->sec);
	suite = READ_ONCE(conn->suite);

	nest = nla_nest_start(msg, MPTCPSEC_A_CONN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, MPTCPSEC_A_CONN_ID, conn->id) ||
	    (conn->has_lkey &&
	     nla_put_u32(msg, MPTCPSEC_A_CONN_LOCAL_TOKEN, conn->ltoken)) ||
	    (conn->has_rkey &&
	     nla_put_u32(msg, MPTCPSEC_A_CONN_REMOTE_TOKEN, conn->rtoken)) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_STATE, conn_state(conn)) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_ROLE, conn->role) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_MODE, conn->mode) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_AUTH, conn->auth) ||
	    (conn->auth == MPTCPSEC_AUTH_PSK &&
	     nla_put_string(msg, MPTCPSEC_A_CONN_KEY_NAME, conn->key_name)) ||
	    (conn->auth == MPTCPSEC_AUTH_PINNED &&
	     nla_put(msg, MPTCPSEC_A_CONN_PEER_KEY, MPTCPSEC_IDENTITY_KEY_LEN,
		     conn->peer_key)) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_AGE_MS,
			      jiffies_to_msecs(jiffies - conn->created),
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_PKTS_IN, c[RET_PKTS_IN],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_PKTS_OUT, c[RET_PKTS_OUT],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_BYTES_IN, c[RET_BYTES_IN],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_BYTES_OUT, c[RET_BYTES_OUT],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u8(msg, MPTCPSEC_A_CONN_SECURITY, sec) ||
	    (suite && nla_put_u8(msg, MPTCPSEC_A_CONN_SUITE, suite)) ||
	    (sec == MPTCPSEC_SECURITY_SECURED &&
	     nla_put(msg, MPTCPSEC_A_CONN_SESSION_ID, sizeof(conn->session_id),
		     conn->session_id)) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_PROTECTED, c[RET_PROTECTED],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_VERIFIED, c[RET_VERIFIED],
			      MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_AUTH_FAILURES,
			      c[RET_AUTH_FAILURES], MPTCPSEC_A_CONN_PAD) ||
	    nla_put_u64_64bit(msg, MPTCPSEC_A_CONN_DROPPED, c[RET_DROPPED],
			      MPTCPSEC_A_CONN_PAD))
		goto cancel;
	list_for_each_entry(sf, &conn->subflows, conn_list)
		if (subflow_fill(msg, sf))
			goto cancel;
	nla_nest_end(msg, nest);
	return 0;
cancel:
	nla_nest_cancel(msg, nest);
	return -EMSGSIZE;
}

/**
 * mptcpsec_nl_conn_get_dumpit() - list tracked connections and subflows (CONN_GET dump)
 * @skb: reply buffer to fill
 * @cb: dump state; resumes where the previous call stopped
 *
 * Return: bytes in @skb, 0 when the dump is complete.
 */
int mptcpsec_nl_conn_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(sock_net(skb->sk));
	/* Resume after the last connection id sent; ids only grow. */
	u32 last_id = cb->args[0];
	struct mptcpsec_conn *conn;

	spin_lock_bh(&mn->lock);
	list_for_each_entry(conn, &mn->conns, list) {
		void *hdr;

		if (conn->id <= last_id)
			continue;
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, &mptcpsec_nl_family,
				  NLM_F_MULTI, MPTCPSEC_CMD_CONN_GET);
		if (!hdr)
			break;
		if (conn_fill(skb, conn)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		last_id = conn->id;
	}
	spin_unlock_bh(&mn->lock);
	cb->args[0] = last_id;
	return skb->len;
}

/**
 * mptcpsec_nl_conn_flush_doit() - forget every tracked connection (CONN_FLUSH)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_conn_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	mptcpsec_conn_flush(info_mn(info));
	return 0;
}

static const u16 stats_attr[MPTCPSEC_STAT_MAX] = {
	[MPTCPSEC_STAT_PKTS_IN]		= MPTCPSEC_A_STATS_PKTS_IN,
	[MPTCPSEC_STAT_PKTS_OUT]	= MPTCPSEC_A_STATS_PKTS_OUT,
	[MPTCPSEC_STAT_MPTCP_PKTS_IN]	= MPTCPSEC_A_STATS_MPTCP_PKTS_IN,
	[MPTCPSEC_STAT_MPTCP_PKTS_OUT]	= MPTCPSEC_A_STATS_MPTCP_PKTS_OUT,
	[MPTCPSEC_STAT_CONNS_CREATED]	= MPTCPSEC_A_STATS_CONNS_CREATED,
	[MPTCPSEC_STAT_CONNS_DESTROYED]	= MPTCPSEC_A_STATS_CONNS_DESTROYED,
	[MPTCPSEC_STAT_CONNS_CURRENT]	= MPTCPSEC_A_STATS_CONNS_CURRENT,
	[MPTCPSEC_STAT_SUBFLOWS_CREATED] = MPTCPSEC_A_STATS_SUBFLOWS_CREATED,
	[MPTCPSEC_STAT_SUBFLOWS_DESTROYED] = MPTCPSEC_A_STATS_SUBFLOWS_DESTROYED,
	[MPTCPSEC_STAT_SUBFLOWS_CURRENT] = MPTCPSEC_A_STATS_SUBFLOWS_CURRENT,
	[MPTCPSEC_STAT_JOINS_MATCHED]	= MPTCPSEC_A_STATS_JOINS_MATCHED,
	[MPTCPSEC_STAT_JOINS_UNKNOWN]	= MPTCPSEC_A_STATS_JOINS_UNKNOWN,
	[MPTCPSEC_STAT_RESETS_SEEN]	= MPTCPSEC_A_STATS_RESETS_SEEN,
	[MPTCPSEC_STAT_TIMEOUTS]	= MPTCPSEC_A_STATS_TIMEOUTS,
	[MPTCPSEC_STAT_MALFORMED]	= MPTCPSEC_A_STATS_MALFORMED,
	[MPTCPSEC_STAT_TABLE_FULL]	= MPTCPSEC_A_STATS_TABLE_FULL,
	[MPTCPSEC_STAT_POLICY_LOOKUPS]	= MPTCPSEC_A_STATS_POLICY_LOOKUPS,
	[MPTCPSEC_STAT_HANDSHAKES]	= MPTCPSEC_A_STATS_HANDSHAKES,
	[MPTCPSEC_STAT_CONNS_SECURED]	= MPTCPSEC_A_STATS_CONNS_SECURED,
	[MPTCPSEC_STAT_FALLBACKS]	= MPTCPSEC_A_STATS_FALLBACKS,
	[MPTCPSEC_STAT_REFUSED]		= MPTCPSEC_A_STATS_REFUSED,
	[MPTCPSEC_STAT_HS_FAILURES]	= MPTCPSEC_A_STATS_HANDSHAKE_FAILURES,
	[MPTCPSEC_STAT_HS_LIMITED]	= MPTCPSEC_A_STATS_HANDSHAKE_LIMITED,
	[MPTCPSEC_STAT_PROTECTED]	= MPTCPSEC_A_STATS_PROTECTED,
	[MPTCPSEC_STAT_VERIFIED]	= MPTCPSEC_A_STATS_VERIFIED,
	[MPTCPSEC_STAT_AUTH_FAILURES]	= MPTCPSEC_A_STATS_AUTH_FAILURES,
	[MPTCPSEC_STAT_REPLAYS]		= MPTCPSEC_A_STATS_REPLAYS,
	[MPTCPSEC_STAT_UNPROTECTED]	= MPTCPSEC_A_STATS_UNPROTECTED,
	[MPTCPSEC_STAT_NO_ROOM]		= MPTCPSEC_A_STATS_NO_ROOM,
	[MPTCPSEC_STAT_SW_SEGMENTED]	= MPTCPSEC_A_STATS_SW_SEGMENTED,
	[MPTCPSEC_STAT_BAD_CSUM]	= MPTCPSEC_A_STATS_BAD_CHECKSUM,
	[MPTCPSEC_STAT_CONNS_RESET]	= MPTCPSEC_A_STATS_CONNS_RESET,
	[MPTCPSEC_STAT_SF_COMPROMISED]	= MPTCPSEC_A_STATS_SUBFLOWS_COMPROMISED,
	[MPTCPSEC_STAT_REKEYS_TX]	= MPTCPSEC_A_STATS_REKEYS_TX,
	[MPTCPSEC_STAT_REKEYS_RX]	= MPTCPSEC_A_STATS_REKEYS_RX,
	[MPTCPSEC_STAT_OPTS_COMPACTED]	= MPTCPSEC_A_STATS_OPTIONS_COMPACTED,
	[MPTCPSEC_STAT_HS_CURRENT]	= MPTCPSEC_A_STATS_HANDSHAKES_CURRENT,
};

/* Every counter has an attribute, in spec order. */
static_assert(ARRAY_SIZE(stats_attr) + 1 == MPTCPSEC_A_STATS_PAD);

/**
 * mptcpsec_nl_stats_get_doit() - namespace counters (STATS_GET)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcpsec_net *mn = info_mn(info);
	u64 v[MPTCPSEC_STAT_MAX];
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;
	int i;

	mptcpsec_stats_read(mn->stats, v);
	spin_lock_bh(&mn->lock);
	v[MPTCPSEC_STAT_CONNS_CURRENT] = mn->nconns;
	v[MPTCPSEC_STAT_SUBFLOWS_CURRENT] = mn->nsubflows;
	v[MPTCPSEC_STAT_HS_CURRENT] = mn->nhandshakes;
	spin_unlock_bh(&mn->lock);

	msg = reply_new(info, MPTCPSEC_CMD_STATS_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	nest = nla_nest_start(msg, MPTCPSEC_A_STATS);
	if (!nest)
		goto err;
	for (i = 0; i < MPTCPSEC_STAT_MAX; i++)
		if (nla_put_u64_64bit(msg, stats_attr[i], v[i],
				      MPTCPSEC_A_STATS_PAD))
			goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

/**
 * mptcpsec_nl_info_get_doit() - module version and namespace defaults (INFO_GET)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_info_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = reply_new(info, MPTCPSEC_CMD_INFO_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, MPTCPSEC_A_VERSION, MPTCPSEC_VERSION) ||
	    nla_put_u8(msg, MPTCPSEC_A_DEFAULT_MODE, READ_ONCE(mptcpsec_default_mode))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* Also the sender of event messages (events.c), group MPTCPSEC_NLGRP_EVENTS. */
struct genl_family mptcpsec_nl_family __ro_after_init = {
	.name		= MPTCPSEC_FAMILY_NAME,
	.version	= MPTCPSEC_FAMILY_VERSION,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= mptcpsec_nl_ops,
	.n_ops		= ARRAY_SIZE(mptcpsec_nl_ops),
	.resv_start_op	= MPTCPSEC_CMD_MAX + 1,
	.mcgrps		= mptcpsec_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(mptcpsec_nl_mcgrps),
};

/**
 * mptcpsec_netlink_register() - register the generic netlink family
 *
 * Return: 0 or a negative errno.
 */
int mptcpsec_netlink_register(void)
{
	int err = genl_register_family(&mptcpsec_nl_family);

	if (!err)
		mptcpsec_events_start();
	return err;
}

/**
 * mptcpsec_netlink_unregister() - unregister the generic netlink family
 *
 * Events stop first: no sender uses the family once it is gone.
 */
void mptcpsec_netlink_unregister(void)
{
	mptcpsec_events_stop();
	genl_unregister_family(&mptcpsec_nl_family);
}

/**
 * mptcpsec_nl_identity_set_doit() - set the identity key pair (IDENTITY_SET)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * The private key is copied into the namespace and never returned.
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_identity_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[MPTCPSEC_A_IDENTITY_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *nest;
	int err;

	err = parse_root_nest(info, MPTCPSEC_A_IDENTITY, MPTCPSEC_A_IDENTITY_MAX,
			      mptcpsec_identity_nl_policy, tb);
	if (err)
		return err;
	nest = info->attrs[MPTCPSEC_A_IDENTITY];
	if (MPTCPSEC_REQ(extack, nest, tb, MPTCPSEC_A_IDENTITY_PRIVATE,
			 "identity private key"))
		return -EINVAL;
	if (tb[MPTCPSEC_A_IDENTITY_PUBLIC] || tb[MPTCPSEC_A_IDENTITY_REFS]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[MPTCPSEC_A_IDENTITY_PUBLIC] ?:
				    tb[MPTCPSEC_A_IDENTITY_REFS],
				    "mptcpsec: attribute is read-only");
		return -EINVAL;
	}
	if (tb[MPTCPSEC_A_IDENTITY_FILE] &&
	    !file_attr_valid(extack, tb[MPTCPSEC_A_IDENTITY_FILE]))
		return -EINVAL;
	return mptcpsec_identity_set(info_mn(info),
				     nla_data(tb[MPTCPSEC_A_IDENTITY_PRIVATE]),
				     tb[MPTCPSEC_A_IDENTITY_FILE] ?
				     nla_data(tb[MPTCPSEC_A_IDENTITY_FILE]) : NULL,
				     extack);
}

/**
 * mptcpsec_nl_identity_get_doit() - the identity public key (IDENTITY_GET)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0, -ENOENT without an identity, or another negative errno.
 */
int mptcpsec_nl_identity_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct mptcpsec_net *mn = info_mn(info);
	u8 pub[MPTCPSEC_IDENTITY_KEY_LEN];
	struct nlattr *nest;
	struct sk_buff *msg;
	unsigned int refs;
	char *file;
	void *hdr;
	int err = -EMSGSIZE;

	file = kmalloc(MPTCPSEC_PATH_MAX, GFP_KERNEL);
	if (!file)
		return -ENOMEM;
	if (!mptcpsec_identity_info(mn, pub, file, MPTCPSEC_PATH_MAX)) {
		kfree(file);
		NL_SET_ERR_MSG_MOD(info->extack, "no identity in this namespace");
		return -ENOENT;
	}
	mutex_lock(&mn->cfg_lock);
	refs = mptcpsec_policy_pinned_refs(mn);
	mutex_unlock(&mn->cfg_lock);

	msg = reply_new(info, MPTCPSEC_CMD_IDENTITY_GET, &hdr);
	if (!msg) {
		kfree(file);
		return -ENOMEM;
	}
	nest = nla_nest_start(msg, MPTCPSEC_A_IDENTITY);
	if (!nest ||
	    nla_put(msg, MPTCPSEC_A_IDENTITY_PUBLIC, sizeof(pub), pub) ||
	    nla_put_u32(msg, MPTCPSEC_A_IDENTITY_REFS, refs) ||
	    (file[0] && nla_put_string(msg, MPTCPSEC_A_IDENTITY_FILE, file)))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	kfree(file);
	return genlmsg_reply(msg, info);
err:
	kfree(file);
	nlmsg_free(msg);
	return err;
}

/**
 * mptcpsec_nl_identity_del_doit() - delete the identity (IDENTITY_DEL)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_identity_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mptcpsec_identity_del(info_mn(info), info->extack);
}

/**
 * mptcpsec_nl_keylog_start_doit() - start a key log to this socket (KEYLOG_START)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Needs CAP_NET_ADMIN in the initial user namespace, whatever namespace
 * the socket is in: the secrets let anyone decrypt the namespace's
 * traffic.
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_keylog_start_doit(struct sk_buff *skb, struct genl_info *info)
{
	if (!netlink_capable(skb, CAP_NET_ADMIN)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "the key log needs CAP_NET_ADMIN in the initial user namespace");
		return -EPERM;
	}
	return mptcpsec_keylog_start(info_mn(info), info->snd_portid, info->extack);
}

/**
 * mptcpsec_nl_keylog_stop_doit() - stop this socket's key log (KEYLOG_STOP)
 * @skb: the request
 * @info: parsed request, with extack
 *
 * Return: 0 or a negative errno (with an extack message).
 */
int mptcpsec_nl_keylog_stop_doit(struct sk_buff *skb, struct genl_info *info)
{
	return mptcpsec_keylog_stop(info_mn(info), info->snd_portid, info->extack);
}
