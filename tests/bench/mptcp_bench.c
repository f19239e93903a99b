// SPDX-License-Identifier: GPL-2.0
/*
 * mptcp_bench: bulk, connection setup and request/response measurements
 * over TCP or MPTCP sockets, optionally inside TLS 1.3 (OpenSSL).
 *
 *   mptcp_bench server -p PORT [-k tcp|mptcp] [-T CIPHER] [-t SECONDS]
 *   mptcp_bench client -c ADDR -p PORT -m bulk|crr|rr [-k tcp|mptcp]
 *                      [-T CIPHER] [-d SECONDS] [-t SECONDS]
 *
 * CIPHER is a TLS 1.3 suite name (TLS_CHACHA20_POLY1305_SHA256,
 * TLS_AES_128_GCM_SHA256, ...); without -T the bytes go over the socket
 * as they are. The server makes a self-signed P-256 certificate when it
 * starts, sends no session tickets (every connection is a full handshake)
 * and serves connections one after another until -t SECONDS (default 600)
 * have passed. Every connection starts with the client's 8-byte request
 * header: "BULK", "CRR " or "RR  ", then the duration in milliseconds
 * (big endian).
 *
 *   bulk  the server sends for the duration, then closes; the client
 *         counts the bytes from the first to the end of the stream.
 *   crr   the client connects, sends the header, reads the server's
 *         1-byte answer and closes, again and again for the duration:
 *         connects per second and connect-to-first-byte latency.
 *   rr    one connection; the client sends 1 KiB requests and reads
 *         16 KiB responses, one at a time, for the duration.
 *
 * The client prints one line of KEY=VALUE pairs: mode, kind, cipher (the
 * suite TLS negotiated, or "none"), bytes, seconds, and per mode
 * goodput_mbps, or conns, conns_per_s, lat_us_p50, lat_us_p90, or
 * transactions, tps. Every error exits non-zero with a message.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

#define BUFSZ (128 * 1024)
#define REQ_SZ 1024
#define RESP_SZ (16 * 1024)
#define MAX_LAT (1 << 20)

static int proto = IPPROTO_MPTCP;
static const char *cipher;
static SSL_CTX *ctx;
static char buf[BUFSZ];

static void die(const char *what)
{
	fprintf(stderr, "mptcp_bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void die_ssl(const char *what)
{
	fprintf(stderr, "mptcp_bench: %s\n", what);
	ERR_print_errors_fp(stderr);
	exit(1);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A stream: a socket, with TLS on it or not. */
struct conn {
	int fd;
	SSL *ssl;
};

static ssize_t c_write(struct conn *c, const void *p, size_t n)
{
	ssize_t r;

	if (!c->ssl) {
		do
			r = write(c->fd, p, n);
		while (r < 0 && errno == EINTR);
		return r;
	}
	r = SSL_write(c->ssl, p, n);
	return r > 0 ? r : -1;
}

static ssize_t c_read(struct conn *c, void *p, size_t n)
{
	ssize_t r;
	int e;

	if (!c->ssl) {
		do
			r = read(c->fd, p, n);
		while (r < 0 && errno == EINTR);
		return r;
	}
	r = SSL_read(c->ssl, p, n);
	if (r > 0)
		return r;
	e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_ZERO_RETURN)
		return 0;
	/* A peer that closes without close_notify: end of stream too. */
	if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0)
		return 0;
	if (e == SSL_ERROR_SSL && ERR_GET_REASON(ERR_peek_error()) ==
	    SSL_R_UNEXPECTED_EOF_WHILE_READING)
		return 0;
	return -1;
}

static int write_all(struct conn *c, const void *p, size_t n)
{
	const char *q = p;
	ssize_t r;

	while (n) {
		r = c_write(c, q, n);
		if (r <= 0)
			return -1;
		q += r;
		n -= r;
	}
	return 0;
}

static int read_all(struct conn *c, void *p, size_t n)
{
	char *q = p;
	ssize_t r;

	while (n) {
		r = c_read(c, q, n);
		if (r <= 0)
			return -1;
		q += r;
		n -= r;
	}
	return 0;
}

static void c_close(struct conn *c)
{
	if (c->ssl) {
		SSL_shutdown(c->ssl);
		SSL_free(c->ssl);
	}
	close(c->fd);
}

/* A self-signed P-256 certificate, made now, for the server. */
static void make_cert(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *x = X509_new();
	X509_NAME *name;

	if (!key || !x)
		die_ssl("key generation");
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
				   (const unsigned char *)"mptcp-bench", -1, -1, 0);
	X509_set_issuer_name(x, name);
	if (!X509_sign(x, key, EVP_sha256()))
		die_ssl("certificate signing");
	if (SSL_CTX_use_certificate(ctx, x) != 1 ||
	    SSL_CTX_use_PrivateKey(ctx, key) != 1)
		die_ssl("certificate");
	X509_free(x);
	EVP_PKEY_free(key);
}

static void tls_init(int server)
{
	if (!cipher)
		return;
	ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
	if (!ctx)
		die_ssl("SSL_CTX_new");
	SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
	SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
	if (SSL_CTX_set_ciphersuites(ctx, cipher) != 1)
		die_ssl("cipher suite");
	if (server) {
		SSL_CTX_set_num_tickets(ctx, 0);
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
		make_cert();
	} else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
		SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
	}
}

static int tls_start(struct conn *c, int server)
{
	c->ssl = NULL;
	if (!ctx)
		return 0;
	c->ssl = SSL_new(ctx);
	if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1)
		return -1;
	if ((server ? SSL_accept(c->ssl) : SSL_connect(c->ssl)) != 1)
		return -1;
	return 0;
}

static const char *negotiated(struct conn *c)
{
	return c->ssl ? SSL_CIPHER_get_name(SSL_get_current_cipher(c->ssl)) :
		"none";
}

static void serve(struct conn *c)
{
	unsigned char hdr[8];
	uint32_t ms;
	double end;

	if (read_all(c, hdr, sizeof(hdr)))
		return;
	ms = (uint32_t)hdr[4] << 24 | hdr[5] << 16 | hdr[6] << 8 | hdr[7];
	if (!memcmp(hdr, "BULK", 4)) {
		end = now() + ms / 1000.0;
		while (now() < end)
			if (write_all(c, buf, BUFSZ))
				return;
	} else if (!memcmp(hdr, "CRR ", 4)) {
		write_all(c, "x", 1);
		/* wait for the client's close */
		c_read(c, hdr, 1);
	} else if (!memcmp(hdr, "RR  ", 4)) {
		while (!read_all(c, buf, REQ_SZ))
			if (write_all(c, buf, RESP_SZ))
				return;
	}
}

static void __attribute__((noreturn)) server(const char *port, int timeout)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	int one = 1, zero = 0, l;
	struct conn c;

	a.sin6_port = htons(atoi(port));
	a.sin6_addr = in6addr_any;
	l = socket(AF_INET6, SOCK_STREAM, proto);
	if (l < 0)
		die("socket");
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(l, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 128))
		die("bind/listen");
	alarm(timeout);
	for (;;) {
		c.fd = accept(l, NULL, NULL);
		if (c.fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (tls_start(&c, 1) == 0)
			serve(&c);
		else
			ERR_clear_error();
		c_close(&c);
	}
}

static struct addrinfo *resolve(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int e = getaddrinfo(host, port, &hints, &ai);

	if (e) {
		fprintf(stderr, "mptcp_bench: %s: %s\n", host, gai_strerror(e));
		exit(1);
	}
	return ai;
}

static void dial(struct conn *c, struct addrinfo *ai, const char *mode,
		 uint32_t ms)
{
	unsigned char hdr[8];
	int one = 1;

	c->fd = socket(ai->ai_family, SOCK_STREAM, proto);
	if (c->fd < 0)
		die("socket");
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (connect(c->fd, ai->ai_addr, ai->ai_addrlen))
		die("connect");
	if (tls_start(c, 0))
		die_ssl("TLS handshake");
	memcpy(hdr, mode, 4);
	hdr[4] = ms >> 24;
	hdr[5] = ms >> 16;
	hdr[6] = ms >> 8;
	hdr[7] = ms;
	if (write_all(c, hdr, sizeof(hdr)))
		die("request header");
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static const char *kind(void)
{
	return proto == IPPROTO_MPTCP ? "mptcp" : "tcp";
}

static void client_bulk(struct addrinfo *ai, double dur)
{
	unsigned long long bytes = 0;
	double t0 = 0, t1;
	struct conn c;
	ssize_t r;

	dial(&c, ai, "BULK", dur * 1000);
	for (;;) {
		r = c_read(&c, buf, BUFSZ);
		if (r < 0)
			die_ssl("read");
		if (r == 0)
			break;
		if (!bytes)
			t0 = now();
		bytes += r;
	}
	t1 = now();
	printf("mode=bulk kind=%s cipher=%s bytes=%llu seconds=%.3f goodput_mbps=%.2f\n",
	       kind(), negotiated(&c), bytes, t1 - t0,
	       t1 > t0 ? bytes * 8 / (t1 - t0) / 1e6 : 0.0);
	c_close(&c);
}

static void client_crr(struct addrinfo *ai, double dur)
{
	static double lat[MAX_LAT];
	char neg[64] = "none";
	double t0 = now(), t, end = t0 + dur;
	unsigned long n = 0;
	struct conn c;
	char b;

	while ((t = now()) < end && n < MAX_LAT) {
		dial(&c, ai, "CRR ", 0);
		if (read_all(&c, &b, 1))
			die("first byte");
		lat[n++] = (now() - t) * 1e6;
		if (n == 1)
			snprintf(neg, sizeof(neg), "%s", negotiated(&c));
		c_close(&c);
	}
	t = now() - t0;
	qsort(lat, n, sizeof(lat[0]), cmp_double);
	printf("mode=crr kind=%s cipher=%s bytes=%lu seconds=%.3f conns=%lu conns_per_s=%.2f lat_us_p50=%.0f lat_us_p90=%.0f\n",
	       kind(), neg, n, t, n, n / t, n ? lat[n / 2] : 0.0,
	       n ? lat[n * 9 / 10] : 0.0);
}

static void client_rr(struct addrinfo *ai, double dur)
{
	double t0, t, end;
	unsigned long n = 0;
	struct conn c;

	dial(&c, ai, "RR  ", 0);
	t0 = now();
	end = t0 + dur;
	while (now() < end) {
		if (write_all(&c, buf, REQ_SZ) || read_all(&c, buf, RESP_SZ))
			die("transaction");
		n++;
	}
	t = now() - t0;
	printf("mode=rr kind=%s cipher=%s bytes=%lu seconds=%.3f transactions=%lu tps=%.2f\n",
	       kind(), negotiated(&c), n * (REQ_SZ + RESP_SZ), t, n, n / t);
	c_close(&c);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mptcp_bench server -p PORT [-k tcp|mptcp] [-T CIPHER] [-t SECONDS]\n"
		"       mptcp_bench client -c ADDR -p PORT -m bulk|crr|rr [-k tcp|mptcp]\n"
		"                          [-T CIPHER] [-d SECONDS] [-t SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *host = NULL, *port = NULL, *mode = "bulk";
	int timeout = 600, opt, srv;
	double dur = 5;
	struct addrinfo *ai;

	if (argc < 2)
		usage();
	srv = !strcmp(argv[1], "server");
	if (!srv && strcmp(argv[1], "client"))
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "c:p:m:k:T:d:t:")) != -1) {
		switch (opt) {
		case 'c': host = optarg; break;
		case 'p': port = optarg; break;
		case 'm': mode = optarg; break;
		case 'k':
			if (!strcmp(optarg, "tcp"))
				proto = IPPROTO_TCP;
			else if (strcmp(optarg, "mptcp"))
				usage();
			break;
		case 'T': cipher = optarg; break;
		case 'd': dur = atof(optarg); break;
		case 't': timeout = atoi(optarg); break;
		default: usage();
		}
	}
	if (!port || (!srv && !host))
		usage();
	signal(SIGPIPE, SIG_IGN);
	memset(buf, 0x5a, sizeof(buf));
	tls_init(srv);
	if (srv)
		server(port, timeout);
	alarm(timeout);
	ai = resolve(host, port);
	if (!strcmp(mode, "bulk"))
		client_bulk(ai, dur);
	else if (!strcmp(mode, "crr"))
		client_crr(ai, dur);
	else if (!strcmp(mode, "rr"))
		client_rr(ai, dur);
	else
		usage();
	freeaddrinfo(ai);
	return 0;
}
