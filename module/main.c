// SPDX-License-Identifier: GPL-2.0
/*
 * mptcpsec: Multipath TCP with authentication and encryption, as a module
 * on the stock MPTCP stack. Module entry points, parameters and the
 * per-namespace life cycle.
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "mptcpsec.h"
#include "identity.h"
#include "keylog.h"
#include "protect.h"

static unsigned int mptcpsec_net_id __read_mostly;

unsigned int mptcpsec_default_mode = MPTCPSEC_MODE_OFF;
unsigned int mptcpsec_idle_timeout = 7200;
unsigned int mptcpsec_syn_timeout = 30;
unsigned int mptcpsec_close_linger_ms = 10000;
unsigned int mptcpsec_max_subflows = 65536;
unsigned int mptcpsec_max_handshakes = 4096;
unsigned int mptcpsec_handshake_rate = 256;
unsigned int mptcpsec_max_auth_failures = 64;
unsigned long mptcpsec_rekey_bytes = 1UL << 30;
unsigned int mptcpsec_rekey_seconds = 3600;

static const char * const mode_names[] = {
	[MPTCPSEC_MODE_OFF]	= "off",
	[MPTCPSEC_MODE_PREFER]	= "prefer",
	[MPTCPSEC_MODE_REQUIRE]	= "require",
};

static int default_mode_set(const char *val, const struct kernel_param *kp)
{
	int i = sysfs_match_string(mode_names, val);

	if (i < 0)
		return -EINVAL;
	WRITE_ONCE(mptcpsec_default_mode, i);
	return 0;
}

static int default_mode_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", mode_names[READ_ONCE(mptcpsec_default_mode)]);
}

static const struct kernel_param_ops default_mode_ops = {
	.set = default_mode_set,
	.get = default_mode_get,
};

module_param_cb(default_policy, &default_mode_ops, NULL, 0644);
MODULE_PARM_DESC(default_policy,
		 "Mode for destinations without a policy entry: off, prefer or require (default off)");
module_param_named(idle_timeout, mptcpsec_idle_timeout, uint, 0644);
MODULE_PARM_DESC(idle_timeout, "Seconds before an idle established subflow is forgotten (default 7200)");
module_param_named(syn_timeout, mptcpsec_syn_timeout, uint, 0644);
MODULE_PARM_DESC(syn_timeout, "Seconds before an unfinished handshake is forgotten (default 30)");
module_param_named(close_linger_ms, mptcpsec_close_linger_ms, uint, 0644);
MODULE_PARM_DESC(close_linger_ms, "Milliseconds a closed subflow stays listed (default 10000)");
module_param_named(max_subflows, mptcpsec_max_subflows, uint, 0644);
MODULE_PARM_DESC(max_subflows, "Tracked subflows per network namespace (default 65536)");
module_param_named(max_handshakes, mptcpsec_max_handshakes, uint, 0644);
MODULE_PARM_DESC(max_handshakes, "Pending MPTCPsec handshakes per network namespace (default 4096)");
module_param_named(handshake_rate, mptcpsec_handshake_rate, uint, 0644);
MODULE_PARM_DESC(handshake_rate,
		 "MPTCPsec offers accepted per second from one source (/32 or /64) (default 256)");
module_param_named(max_auth_failures, mptcpsec_max_auth_failures, uint, 0644);
MODULE_PARM_DESC(max_auth_failures,
		 "Authentication failures after which a secured subflow is reset, 0 never (default 64)");
module_param_named(rekey_bytes, mptcpsec_rekey_bytes, ulong, 0644);
MODULE_PARM_DESC(rekey_bytes,
		 "Payload bytes a subflow direction sends under one key, 0 no limit (default 1 GiB)");
module_param_named(rekey_seconds, mptcpsec_rekey_seconds, uint, 0644);
MODULE_PARM_DESC(rekey_seconds,
		 "Seconds a subflow direction sends under one key, 0 no limit (default 3600)");

/**
 * mptcpsec_pernet() - the module's state of a network namespace
 * @net: the namespace
 *
 * Return: the state; valid while the module's pernet ops are registered.
 */
struct mptcpsec_net *mptcpsec_pernet(const struct net *net)
{
	return net_generic(net, mptcpsec_net_id);
}

static int __net_init mptcpsec_net_init(struct net *net)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(net);
	int err;

	mn->net = net;
	INIT_LIST_HEAD(&mn->keys);
	mptcpsec_policy_net_init(mn);
	mn->stats = alloc_percpu(struct mptcpsec_stats);
	if (!mn->stats)
		return -ENOMEM;
	err = mptcpsec_conn_net_init(mn);
	if (err)
		goto err_stats;
	err = mptcpsec_hooks_register(net);
	if (err)
		goto err_conn;
	return 0;

err_conn:
	mptcpsec_conn_net_exit(mn);
err_stats:
	free_percpu(mn->stats);
	return err;
}

static void __net_exit mptcpsec_net_exit(struct net *net)
{
	struct mptcpsec_net *mn = mptcpsec_pernet(net);

	mptcpsec_hooks_unregister(net);
	/* Resets the data path asked for before the hooks went. */
	mptcpsec_sock_flush();
	mptcpsec_conn_net_exit(mn);
	mptcpsec_policy_net_exit(mn);
	mptcpsec_keys_net_exit(mn);
	mptcpsec_identity_net_exit(mn);
	free_percpu(mn->stats);
}

static struct pernet_operations mptcpsec_net_ops = {
	.init	= mptcpsec_net_init,
	.exit	= mptcpsec_net_exit,
	.id	= &mptcpsec_net_id,
	.size	= sizeof(struct mptcpsec_net),
};

static int __init mptcpsec_init(void)
{
	int err;

	err = mptcpsec_keypool_init();
	if (err)
		return err;
	err = mptcpsec_sock_init();
	if (err)
		goto err_pool;
	err = register_pernet_subsys(&mptcpsec_net_ops);
	if (err)
		goto err_sock;
	err = mptcpsec_keylog_init();
	if (err)
		goto err_pernet;
	err = mptcpsec_netlink_register();
	if (err)
		goto err_keylog;
	pr_info("version %s loaded\n", MPTCPSEC_VERSION);
	return 0;

err_keylog:
	mptcpsec_keylog_exit();
err_pernet:
	unregister_pernet_subsys(&mptcpsec_net_ops);
	rcu_barrier();
err_sock:
	mptcpsec_sock_exit();
err_pool:
	mptcpsec_keypool_exit();
	return err;
}

static void __exit mptcpsec_exit(void)
{
	mptcpsec_netlink_unregister();
	mptcpsec_keylog_exit();
	unregister_pernet_subsys(&mptcpsec_net_ops);
	/* Wait for the deferred frees (they wipe keys) before the code goes. */
	rcu_barrier();
	mptcpsec_sock_exit();
	mptcpsec_keypool_exit();
	mptcpsec_obj_report_leaks();
	pr_info("unloaded\n");
}

module_init(mptcpsec_init);
module_exit(mptcpsec_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Multipath TCP with authentication and encryption (MPTCPsec)");
MODULE_VERSION(MPTCPSEC_VERSION);
