/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Do not edit: generated from uapi/mptcpsec.yaml by tools/genl-gen.py (make regen). */

#ifndef _UAPI_LINUX_MPTCPSEC_H
#define _UAPI_LINUX_MPTCPSEC_H

#define MPTCPSEC_FAMILY_NAME	"mptcpsec"
#define MPTCPSEC_FAMILY_VERSION	1

#define MPTCPSEC_MCGRP_EVENTS	"events"

/*
 * What the policy asks for on matching MPTCP connections.
 */
enum mptcpsec_mode {
	/* Leave matching connections untouched. */
	MPTCPSEC_MODE_OFF,
	/* Secure when the peer supports it, else plain MPTCP (counted). */
	MPTCPSEC_MODE_PREFER,
	/* Secure, or fail the connection. */
	MPTCPSEC_MODE_REQUIRE,

	/* private: */
	__MPTCPSEC_MODE_MAX,
	MPTCPSEC_MODE_MAX = (__MPTCPSEC_MODE_MAX - 1)
};

/*
 * How the key exchange is authenticated.
 */
enum mptcpsec_auth {
	/* Anonymous (opportunistic) key exchange. */
	MPTCPSEC_AUTH_NONE,
	/* Key exchange mixed with a named pre-shared key. */
	MPTCPSEC_AUTH_PSK,
	/* Key exchange mixed with the namespace's static identity key and
the peer's pinned static public key (docs/PROTOCOL.md 4.2). */
	MPTCPSEC_AUTH_PINNED,

	/* private: */
	__MPTCPSEC_AUTH_MAX,
	MPTCPSEC_AUTH_MAX = (__MPTCPSEC_AUTH_MAX - 1)
};

/*
 * Tracking state of a subflow or connection, as seen on the wire.
 */
enum mptcpsec_state {
	/* A SYN was seen, no SYN-ACK yet. */
	MPTCPSEC_STATE_SYN_SENT,
	/* A SYN-ACK was seen, the handshake is not complete. */
	MPTCPSEC_STATE_SYN_RCVD,
	/* The three-way handshake completed. */
	MPTCPSEC_STATE_ESTABLISHED,
	/* A FIN was seen in at least one direction. */
	MPTCPSEC_STATE_CLOSING,
	/* FIN seen both ways or RST seen; entry lingers briefly. */
	MPTCPSEC_STATE_CLOSED,

	/* private: */
	__MPTCPSEC_STATE_MAX,
	MPTCPSEC_STATE_MAX = (__MPTCPSEC_STATE_MAX - 1)
};

/*
 * Which side of the subflow this host is.
 */
enum mptcpsec_role {
	/* This host sent the SYN. */
	MPTCPSEC_ROLE_ACTIVE,
	/* This host answered the SYN. */
	MPTCPSEC_ROLE_PASSIVE,

	/* private: */
	__MPTCPSEC_ROLE_MAX,
	MPTCPSEC_ROLE_MAX = (__MPTCPSEC_ROLE_MAX - 1)
};

/*
 * How a subflow was created.
 */
enum mptcpsec_kind {
	/* Initial subflow (MP_CAPABLE handshake). */
	MPTCPSEC_KIND_MP_CAPABLE,
	/* Additional subflow (MP_JOIN handshake). */
	MPTCPSEC_KIND_MP_JOIN,

	/* private: */
	__MPTCPSEC_KIND_MAX,
	MPTCPSEC_KIND_MAX = (__MPTCPSEC_KIND_MAX - 1)
};

/*
 * Protection state of a connection or subflow.
 */
enum mptcpsec_security {
	/* Not protected by policy (off), or not yet decided. */
	MPTCPSEC_SECURITY_NONE,
	/* MPTCPsec offered or accepted, the handshake is not complete. */
	MPTCPSEC_SECURITY_NEGOTIATING,
	/* Every segment is encrypted and authenticated. */
	MPTCPSEC_SECURITY_SECURED,
	/* The peer did not negotiate; plain MPTCP under policy prefer. */
	MPTCPSEC_SECURITY_FALLBACK,
	/* The peer did not negotiate and policy require refused the connection. */
	MPTCPSEC_SECURITY_REFUSED,
	/* The handshake failed (bad share, authentication failure); the connection was aborted. */
	MPTCPSEC_SECURITY_FAILED,

	/* private: */
	__MPTCPSEC_SECURITY_MAX,
	MPTCPSEC_SECURITY_MAX = (__MPTCPSEC_SECURITY_MAX - 1)
};

/*
 * What an event message reports. Every event names a subflow and its connection; the conn-* events name the initial (MP_CAPABLE) subflow.
 */
enum mptcpsec_event {
	/* The connection's MPTCPsec handshake completed; it is secured. */
	MPTCPSEC_EVENT_CONN_SECURED,
	/* The peer did not negotiate and policy prefer let the connection continue as plain MPTCP. */
	MPTCPSEC_EVENT_CONN_FALLBACK,
	/* The peer did not negotiate and policy require refused the connection. */
	MPTCPSEC_EVENT_CONN_REFUSED,
	/* The handshake failed (bad share, authentication failure); the connection was aborted. */
	MPTCPSEC_EVENT_CONN_FAILED,
	/* A subflow started being tracked (MP_CAPABLE or MP_JOIN SYN). */
	MPTCPSEC_EVENT_SUBFLOW_ADDED,
	/* The first segment of a subflow authenticated; it is secured. */
	MPTCPSEC_EVENT_SUBFLOW_SECURED,
	/* A subflow was forgotten (close, reset, timeout, refusal or conn flush). */
	MPTCPSEC_EVENT_SUBFLOW_REMOVED,
	/* A secured subflow was reset because more of its segments failed authentication than max_auth_failures allows (compromised); event-arg is its authentication failure count. */
	MPTCPSEC_EVENT_SUBFLOW_RESET,
	/* Segments of a subflow failed authentication; event-arg is the subflow's authentication failure count so far. At most one per subflow per second. */
	MPTCPSEC_EVENT_AUTH_FAILURE,
	/* One direction of a secured subflow moved to a new key phase; event-arg is (direction << 32) | key phase number, direction 0 for the sending direction (tx), 1 for the receiving one (rx). */
	MPTCPSEC_EVENT_REKEY,

	/* private: */
	__MPTCPSEC_EVENT_MAX,
	MPTCPSEC_EVENT_MAX = (__MPTCPSEC_EVENT_MAX - 1)
};

/*
 * Top-level attributes of every message.
 */
enum {
	/* Module version string. */
	MPTCPSEC_A_VERSION = 1,
	/* Mode applied to destinations without a matching policy. */
	MPTCPSEC_A_DEFAULT_MODE,
	MPTCPSEC_A_POLICY,
	MPTCPSEC_A_KEY,
	MPTCPSEC_A_CONN,
	MPTCPSEC_A_STATS,
	/* What an event message reports (event messages only). */
	MPTCPSEC_A_EVENT,
	/* Argument of an event: auth-failure and subflow-reset, the subflow's authentication failure count; rekey, (direction << 32) | key phase number, direction 0 = tx, 1 = rx; 0 for the others. */
	MPTCPSEC_A_EVENT_ARG,
	/* Alignment padding of 64-bit attributes (never sent by userspace). */
	MPTCPSEC_A_PAD,
	MPTCPSEC_A_IDENTITY,
	MPTCPSEC_A_KEYLOG,

	/* private: */
	__MPTCPSEC_A_MAX,
	MPTCPSEC_A_MAX = (__MPTCPSEC_A_MAX - 1)
};

/*
 * One per-destination policy entry (prefix plus optional port range).
 */
enum {
	/* AF_INET or AF_INET6. */
	MPTCPSEC_A_POLICY_FAMILY = 1,
	/* Destination prefix address (4 or 16 bytes, network order). */
	MPTCPSEC_A_POLICY_ADDR,
	MPTCPSEC_A_POLICY_PREFIXLEN,
	/* First destination port of the range (host order). Absent together
with port-max: every port. In a policy-get request: the port to
resolve for (absent: port 0). */
	MPTCPSEC_A_POLICY_PORT_MIN,
	/* Last destination port of the range (host order). */
	MPTCPSEC_A_POLICY_PORT_MAX,
	MPTCPSEC_A_POLICY_MODE,
	MPTCPSEC_A_POLICY_AUTH,
	/* Name of the pre-shared key (auth psk). */
	MPTCPSEC_A_POLICY_KEY_NAME,
	/* The peer's pinned X25519 static public key (auth pinned). */
	MPTCPSEC_A_POLICY_PEER_KEY,
	/* Connections that resolved to this entry (reply only). */
	MPTCPSEC_A_POLICY_HITS,
	/* Set in a lookup reply when no entry matched. */
	MPTCPSEC_A_POLICY_DEFAULT,
	/* Alignment padding of 64-bit attributes (never sent by userspace). */
	MPTCPSEC_A_POLICY_PAD,

	/* private: */
	__MPTCPSEC_A_POLICY_MAX,
	MPTCPSEC_A_POLICY_MAX = (__MPTCPSEC_A_POLICY_MAX - 1)
};

/*
 * A named pre-shared key. The secret is write-only.
 */
enum {
	MPTCPSEC_A_KEY_NAME = 1,
	/* Key material (request only, never returned). */
	MPTCPSEC_A_KEY_SECRET,
	/* Length of the stored secret in bytes (reply only). */
	MPTCPSEC_A_KEY_LEN,
	/* Number of policies naming this key (reply only). */
	MPTCPSEC_A_KEY_REFS,
	/* Absolute path of the file the key was read from, as the request
gave it (absent: not read from a file). Kept for "save"; the
kernel never opens it. */
	MPTCPSEC_A_KEY_FILE,

	/* private: */
	__MPTCPSEC_A_KEY_MAX,
	MPTCPSEC_A_KEY_MAX = (__MPTCPSEC_A_KEY_MAX - 1)
};

/*
 * The namespace's static X25519 key pair (auth pinned). The private key is write-only.
 */
enum {
	/* Private key (request only, never returned). */
	MPTCPSEC_A_IDENTITY_PRIVATE = 1,
	/* Public key, 32 bytes (reply only). */
	MPTCPSEC_A_IDENTITY_PUBLIC,
	/* Absolute path of the file the private key was read from (as for key file). */
	MPTCPSEC_A_IDENTITY_FILE,
	/* Number of policies using auth pinned (reply only). */
	MPTCPSEC_A_IDENTITY_REFS,

	/* private: */
	__MPTCPSEC_A_IDENTITY_MAX,
	MPTCPSEC_A_IDENTITY_MAX = (__MPTCPSEC_A_IDENTITY_MAX - 1)
};

/*
 * Secrets of one newly secured subflow, sent only to the socket that
started the key log (reply only).
 */
enum {
	/* Session ID of the connection, 16 bytes. */
	MPTCPSEC_A_KEYLOG_SESSION_ID = 1,
	/* AF_INET or AF_INET6. */
	MPTCPSEC_A_KEYLOG_FAMILY,
	/* Address of the host that sent the subflow's SYN (4 or 16 bytes). */
	MPTCPSEC_A_KEYLOG_INIT_ADDR,
	MPTCPSEC_A_KEYLOG_INIT_PORT,
	/* Address of the other host. */
	MPTCPSEC_A_KEYLOG_RESP_ADDR,
	MPTCPSEC_A_KEYLOG_RESP_PORT,
	/* Generation-0 traffic key, SYN sender to the other host (32 bytes). */
	MPTCPSEC_A_KEYLOG_KEY_I2R,
	/* Generation-0 traffic key of the other direction (32 bytes). */
	MPTCPSEC_A_KEYLOG_KEY_R2I,
	/* Key pad of A, 8 bytes (initial subflow only). */
	MPTCPSEC_A_KEYLOG_PAD_A,
	/* Key pad of B, 8 bytes (initial subflow only). */
	MPTCPSEC_A_KEYLOG_PAD_B,

	/* private: */
	__MPTCPSEC_A_KEYLOG_MAX,
	MPTCPSEC_A_KEYLOG_MAX = (__MPTCPSEC_A_KEYLOG_MAX - 1)
};

/*
 * A tracked MPTCP connection (reply only).
 */
enum {
	/* Module-local connection identifier. */
	MPTCPSEC_A_CONN_ID = 1,
	MPTCPSEC_A_CONN_LOCAL_TOKEN,
	MPTCPSEC_A_CONN_REMOTE_TOKEN,
	MPTCPSEC_A_CONN_STATE,
	MPTCPSEC_A_CONN_ROLE,
	MPTCPSEC_A_CONN_MODE,
	MPTCPSEC_A_CONN_AUTH,
	MPTCPSEC_A_CONN_KEY_NAME,
	MPTCPSEC_A_CONN_AGE_MS,
	MPTCPSEC_A_CONN_PKTS_IN,
	MPTCPSEC_A_CONN_PKTS_OUT,
	MPTCPSEC_A_CONN_BYTES_IN,
	MPTCPSEC_A_CONN_BYTES_OUT,
	MPTCPSEC_A_CONN_SUBFLOW,
	/* Protection state. */
	MPTCPSEC_A_CONN_SECURITY,
	/* Negotiated MPTCPsec suite (TEP identifier), 0 when not secured. */
	MPTCPSEC_A_CONN_SUITE,
	/* Session ID derived from the key exchange, identical on both ends (secured connections only). */
	MPTCPSEC_A_CONN_SESSION_ID,
	/* Segments sent with protection (all subflows). */
	MPTCPSEC_A_CONN_PROTECTED,
	/* Segments received that authenticated (all subflows). */
	MPTCPSEC_A_CONN_VERIFIED,
	/* Segments dropped because their tag did not verify (all subflows). */
	MPTCPSEC_A_CONN_AUTH_FAILURES,
	/* Other segments dropped by protection (replays, unprotected, no room, bad checksum). */
	MPTCPSEC_A_CONN_DROPPED,
	/* Alignment padding of 64-bit attributes (never sent by userspace). */
	MPTCPSEC_A_CONN_PAD,
	/* The peer's pinned static public key, 32 bytes (auth pinned). */
	MPTCPSEC_A_CONN_PEER_KEY,

	/* private: */
	__MPTCPSEC_A_CONN_MAX,
	MPTCPSEC_A_CONN_MAX = (__MPTCPSEC_A_CONN_MAX - 1)
};

/*
 * One subflow of a tracked connection (reply only).
 */
enum {
	MPTCPSEC_A_SUBFLOW_FAMILY = 1,
	MPTCPSEC_A_SUBFLOW_LADDR,
	MPTCPSEC_A_SUBFLOW_RADDR,
	MPTCPSEC_A_SUBFLOW_LPORT,
	MPTCPSEC_A_SUBFLOW_RPORT,
	MPTCPSEC_A_SUBFLOW_KIND,
	MPTCPSEC_A_SUBFLOW_STATE,
	MPTCPSEC_A_SUBFLOW_ROLE,
	/* Address ID carried by the MP_JOIN SYN (MP_JOIN subflows). */
	MPTCPSEC_A_SUBFLOW_ADDR_ID,
	MPTCPSEC_A_SUBFLOW_BACKUP,
	MPTCPSEC_A_SUBFLOW_PKTS_IN,
	MPTCPSEC_A_SUBFLOW_PKTS_OUT,
	/* TCP payload bytes received. */
	MPTCPSEC_A_SUBFLOW_BYTES_IN,
	/* TCP payload bytes sent. */
	MPTCPSEC_A_SUBFLOW_BYTES_OUT,
	/* Protection state. */
	MPTCPSEC_A_SUBFLOW_SECURITY,
	/* Segments sent with protection. */
	MPTCPSEC_A_SUBFLOW_PROTECTED,
	/* Segments received that authenticated. */
	MPTCPSEC_A_SUBFLOW_VERIFIED,
	/* Segments dropped because their tag did not verify. */
	MPTCPSEC_A_SUBFLOW_AUTH_FAILURES,
	/* Other segments dropped by protection (replays, unprotected, no room, bad checksum). */
	MPTCPSEC_A_SUBFLOW_DROPPED,
	/* Alignment padding of 64-bit attributes (never sent by userspace). */
	MPTCPSEC_A_SUBFLOW_PAD,

	/* private: */
	__MPTCPSEC_A_SUBFLOW_MAX,
	MPTCPSEC_A_SUBFLOW_MAX = (__MPTCPSEC_A_SUBFLOW_MAX - 1)
};

/*
 * Namespace-wide counters (reply only).
 */
enum {
	/* TCP segments seen by the ingress hooks. */
	MPTCPSEC_A_STATS_PKTS_IN = 1,
	/* TCP segments seen by the egress hooks. */
	MPTCPSEC_A_STATS_PKTS_OUT,
	/* Ingress segments of tracked MPTCP subflows. */
	MPTCPSEC_A_STATS_MPTCP_PKTS_IN,
	/* Egress segments of tracked MPTCP subflows. */
	MPTCPSEC_A_STATS_MPTCP_PKTS_OUT,
	/* MPTCP connections that started being tracked. */
	MPTCPSEC_A_STATS_CONNS_CREATED,
	/* MPTCP connections forgotten. */
	MPTCPSEC_A_STATS_CONNS_DESTROYED,
	/* MPTCP connections tracked now. */
	MPTCPSEC_A_STATS_CONNS_CURRENT,
	/* Subflows that started being tracked (MP_CAPABLE or MP_JOIN). */
	MPTCPSEC_A_STATS_SUBFLOWS_CREATED,
	/* Subflows forgotten (close, reset, timeout or flush). */
	MPTCPSEC_A_STATS_SUBFLOWS_DESTROYED,
	/* Subflows tracked now. */
	MPTCPSEC_A_STATS_SUBFLOWS_CURRENT,
	/* MP_JOIN SYNs whose token named a tracked connection. */
	MPTCPSEC_A_STATS_JOINS_MATCHED,
	/* MP_JOIN SYNs whose token named no tracked connection. */
	MPTCPSEC_A_STATS_JOINS_UNKNOWN,
	/* RST segments seen on tracked subflows. */
	MPTCPSEC_A_STATS_RESETS_SEEN,
	/* Subflows forgotten because they were idle too long. */
	MPTCPSEC_A_STATS_TIMEOUTS,
	/* Segments with a malformed TCP or MPTCP option area (SYNs and tracked subflows; other segments are not parsed). */
	MPTCPSEC_A_STATS_MALFORMED,
	/* Subflows not tracked because the table was full. */
	MPTCPSEC_A_STATS_TABLE_FULL,
	/* Policy resolutions for new MPTCP connections. */
	MPTCPSEC_A_STATS_POLICY_LOOKUPS,
	/* MPTCPsec handshakes begun (offers sent, or offers accepted). */
	MPTCPSEC_A_STATS_HANDSHAKES,
	/* Connections whose MPTCPsec handshake completed. */
	MPTCPSEC_A_STATS_CONNS_SECURED,
	/* Connections under policy prefer that continued as plain MPTCP because the peer did not negotiate. */
	MPTCPSEC_A_STATS_FALLBACKS,
	/* Connections refused under policy require because the peer did not negotiate. */
	MPTCPSEC_A_STATS_REFUSED,
	/* Handshakes aborted (malformed or small-order key share, bad ENO, SYN-ACK that did not authenticate). */
	MPTCPSEC_A_STATS_HANDSHAKE_FAILURES,
	/* Handshakes dropped by the bounds (SYNs over the per-source rate, the oldest pending handshake evicted from a full table). */
	MPTCPSEC_A_STATS_HANDSHAKE_LIMITED,
	/* Segments sent with MPTCPsec protection. */
	MPTCPSEC_A_STATS_PROTECTED,
	/* Segments received that authenticated and were decrypted. */
	MPTCPSEC_A_STATS_VERIFIED,
	/* Segments dropped because their tag did not verify. */
	MPTCPSEC_A_STATS_AUTH_FAILURES,
	/* Segments dropped as replays or as older than the replay window. */
	MPTCPSEC_A_STATS_REPLAYS,
	/* Segments of secured subflows dropped for lacking the MPTCPsec option (received) or because they could not be protected (sent). */
	MPTCPSEC_A_STATS_UNPROTECTED,
	/* Segments dropped on egress because the options did not fit with the MPTCPsec option. */
	MPTCPSEC_A_STATS_NO_ROOM,
	/* GSO or oversized packets split in software before protection. */
	MPTCPSEC_A_STATS_SW_SEGMENTED,
	/* Segments of secured subflows dropped for a bad TCP checksum. */
	MPTCPSEC_A_STATS_BAD_CHECKSUM,
	/* Secured subflows reset by conn flush. */
	MPTCPSEC_A_STATS_CONNS_RESET,
	/* Secured subflows reset because their segments failed authentication more often than the module parameter max_auth_failures allows. */
	MPTCPSEC_A_STATS_SUBFLOWS_COMPROMISED,
	/* Key updates of the sending direction of a secured subflow (key phase flipped). */
	MPTCPSEC_A_STATS_REKEYS_TX,
	/* Key updates of the receiving direction of a secured subflow (first segment of a new key phase authenticated). */
	MPTCPSEC_A_STATS_REKEYS_RX,
	/* Outgoing segments whose MPTCP options were shortened losslessly to make room for the MPTCPsec option (64-bit DATA_ACK or data sequence number sent in 32 bits, ADD_ADDR HMAC made implicit). */
	MPTCPSEC_A_STATS_OPTIONS_COMPACTED,
	/* Handshakes holding state now (this host's offers and its answers to offers; at most the module parameter max_handshakes). */
	MPTCPSEC_A_STATS_HANDSHAKES_CURRENT,
	/* Alignment padding of 64-bit attributes (never sent by userspace). */
	MPTCPSEC_A_STATS_PAD,

	/* private: */
	__MPTCPSEC_A_STATS_MAX,
	MPTCPSEC_A_STATS_MAX = (__MPTCPSEC_A_STATS_MAX - 1)
};

enum {
	/* Module version and namespace defaults. */
	MPTCPSEC_CMD_INFO_GET = 1,
	/* Add or replace the policy for a prefix and port range. */
	MPTCPSEC_CMD_POLICY_ADD,
	/* Delete the policy for a prefix and port range. */
	MPTCPSEC_CMD_POLICY_DEL,
	/* do: resolve the policy for one destination (family, addr, port-min); dump: list every policy entry. */
	MPTCPSEC_CMD_POLICY_GET,
	/* Delete every policy entry of the namespace. */
	MPTCPSEC_CMD_POLICY_FLUSH,
	/* Add or replace a named pre-shared key. */
	MPTCPSEC_CMD_KEY_ADD,
	/* Delete a named pre-shared key (refused while a policy uses it). */
	MPTCPSEC_CMD_KEY_DEL,
	/* List key names (never key material). */
	MPTCPSEC_CMD_KEY_GET,
	/* List tracked connections with their subflows and counters. */
	MPTCPSEC_CMD_CONN_GET,
	/* Forget every tracked connection of the namespace. */
	MPTCPSEC_CMD_CONN_FLUSH,
	/* Namespace-wide counters. */
	MPTCPSEC_CMD_STATS_GET,
	/* Notification, never a request: sent to the multicast group "events" of the namespace the subflow is in, one message per event, with the event, its argument and a conn nest (id, role, mode, security, suite, session-id when secured) holding one subflow nest (family, addresses, ports, kind, state, role, addr-id, backup, security). */
	MPTCPSEC_CMD_EVENT,
	/* Set (or replace) the namespace's static identity key pair from its private key. */
	MPTCPSEC_CMD_IDENTITY_SET,
	/* The namespace's identity public key (never the private key). */
	MPTCPSEC_CMD_IDENTITY_GET,
	/* Delete the identity key pair (refused while an auth pinned policy exists). */
	MPTCPSEC_CMD_IDENTITY_DEL,
	/* Send the secrets of every subflow of this namespace secured from now on to the requesting socket (keylog messages), until keylog-stop or until that socket closes. Needs CAP_NET_ADMIN in the initial user namespace; one socket per namespace at a time. */
	MPTCPSEC_CMD_KEYLOG_START,
	/* Stop the key log started by this socket. */
	MPTCPSEC_CMD_KEYLOG_STOP,
	/* Notification, never a request: sent by unicast to the socket that started the key log, one message per secured subflow, with a keylog nest. */
	MPTCPSEC_CMD_KEYLOG,

	/* private: */
	__MPTCPSEC_CMD_MAX,
	MPTCPSEC_CMD_MAX = (__MPTCPSEC_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_MPTCPSEC_H */
