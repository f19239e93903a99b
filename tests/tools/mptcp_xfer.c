// SPDX-License-Identifier: GPL-2.0
/*
 * mptcp_xfer: a small MPTCP bulk transfer tool for the VM tests.
 *
 *   mptcp_xfer server [-4] -p PORT [-o OUTFILE] [-n CONNS] [-t SECONDS]
 *   mptcp_xfer client -c ADDR -p PORT (-i INFILE | -s BYTES) [-r BYTES_PER_S]
 *                     [-t SECONDS] [-P]
 *
 * The server listens dual-stack (IPv6 socket, IPv4-mapped too) unless -4,
 * accepts CONNS connections one after another (default 1) and
 * writes what it receives to OUTFILE (default: discard), then prints the
 * byte count. The client sends the file, or BYTES of pseudo-random data,
 * optionally rate limited, shuts down its sending side and waits for the
 * server to close. -P prints the connection's MPTCP token as the kernel
 * reports it (MPTCP_INFO), as "token XXXXXXXX". Every error exits non-zero
 * with a message naming what failed; -t bounds the whole run.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/mptcp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif
#ifndef SOL_MPTCP
#define SOL_MPTCP 284
#endif

#define BUFSZ (64 * 1024)

static void die(const char *what)
{
	fprintf(stderr, "mptcp_xfer: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void on_alarm(int sig)
{
	(void)sig;
	fprintf(stderr, "mptcp_xfer: timeout\n");
	_exit(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void print_token(int fd)
{
	struct mptcp_info info;
	socklen_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (getsockopt(fd, SOL_MPTCP, MPTCP_INFO, &info, &len) < 0)
		die("getsockopt(MPTCP_INFO)");
	printf("token %08x\n", info.mptcpi_token);
	fflush(stdout);
}

static int server(int v6, const char *port, const char *outfile, int conns)
{
	struct sockaddr_storage ss;
	int one = 1, lfd, i;
	char buf[BUFSZ];

	memset(&ss, 0, sizeof(ss));
	if (v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(atoi(port));
		a->sin6_addr = in6addr_any;
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)&ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(atoi(port));
	}
	lfd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
	if (lfd < 0)
		die("socket(IPPROTO_MPTCP)");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss,
		 v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in)) < 0)
		die("bind");
	if (listen(lfd, 16) < 0)
		die("listen");
	for (i = 0; i < conns; i++) {
		int out = -1, fd = accept(lfd, NULL, NULL);
		unsigned long long total = 0;
		ssize_t n;

		if (fd < 0)
			die("accept");
		if (outfile) {
			out = open(outfile, O_WRONLY | O_CREAT | (i ? O_APPEND : O_TRUNC), 0644);
			if (out < 0)
				die(outfile);
		}
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			total += n;
			if (out >= 0) {
				ssize_t off = 0;

				while (off < n) {
					ssize_t w = write(out, buf + off, n - off);

					if (w < 0)
						die("write");
					off += w;
				}
			}
		}
		if (n < 0)
			die("read");
		if (out >= 0 && close(out) < 0)
			die("close output");
		close(fd);
		printf("received %llu\n", total);
		fflush(stdout);
	}
	close(lfd);
	return 0;
}

static int client(const char *addr, const char *port, const char *infile,
		  unsigned long long bytes, double rate, int show_token)
{
	struct addrinfo hints, *ai;
	unsigned long long sent = 0, seed = 0x9e3779b97f4a7c15ULL;
	double t0 = now();
	char buf[BUFSZ];
	int fd, in = -1, err;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	err = getaddrinfo(addr, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "mptcp_xfer: %s: %s\n", addr, gai_strerror(err));
		return 1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM, IPPROTO_MPTCP);
	if (fd < 0)
		die("socket(IPPROTO_MPTCP)");
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		die("connect");
	freeaddrinfo(ai);
	if (infile) {
		in = open(infile, O_RDONLY);
		if (in < 0)
			die(infile);
	}
	for (;;) {
		ssize_t n, off = 0;

		if (in >= 0) {
			n = read(in, buf, sizeof(buf));
			if (n < 0)
				die("read input");
			if (!n)
				break;
		} else {
			size_t i;

			if (sent >= bytes)
				break;
			n = bytes - sent < sizeof(buf) ? (ssize_t)(bytes - sent) : (ssize_t)sizeof(buf);
			for (i = 0; i < (size_t)n; i += 8) {
				seed ^= seed << 13;
				seed ^= seed >> 7;
				seed ^= seed << 17;
				memcpy(buf + i, &seed, (size_t)n - i < 8 ? (size_t)n - i : 8);
			}
		}
		while (off < n) {
			ssize_t w = write(fd, buf + off, n - off);

			if (w < 0)
				die("write");
			off += w;
		}
		sent += n;
		if (rate > 0) {
			double ahead = sent / rate - (now() - t0);

			if (ahead > 0)
				usleep((useconds_t)(ahead * 1e6));
		}
	}
	if (show_token)
		print_token(fd);
	if (shutdown(fd, SHUT_WR) < 0)
		die("shutdown");
	/* Wait for the server's close so all data is known delivered. */
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
	printf("sent %llu\n", sent);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mptcp_xfer server [-4] -p PORT [-o OUTFILE] [-n CONNS] [-t SECONDS]\n"
		"       mptcp_xfer client -c ADDR -p PORT (-i INFILE | -s BYTES) [-r BYTES_PER_S] [-t SECONDS] [-P]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	const char *port = NULL, *addr = NULL, *infile = NULL, *outfile = NULL;
	unsigned long long bytes = 0;
	int v6 = 1, conns = 1, timeout = 0, show_token = 0, opt;
	double rate = 0;

	if (argc < 2)
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "46p:o:n:t:c:i:s:r:P")) != -1) {
		switch (opt) {
		case '4': v6 = 0; break;
		case '6': v6 = 1; break;
		case 'p': port = optarg; break;
		case 'o': outfile = optarg; break;
		case 'n': conns = atoi(optarg); break;
		case 't': timeout = atoi(optarg); break;
		case 'c': addr = optarg; break;
		case 'i': infile = optarg; break;
		case 's': bytes = strtoull(optarg, NULL, 0); break;
		case 'r': rate = strtod(optarg, NULL); break;
		case 'P': show_token = 1; break;
		default: usage();
		}
	}
	if (!port)
		usage();
	signal(SIGPIPE, SIG_IGN);
	if (timeout > 0) {
		signal(SIGALRM, on_alarm);
		alarm(timeout);
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "server"))
		return server(v6, port, outfile, conns);
	if (!strcmp(argv[1], "client") && addr && (infile || bytes))
		return client(addr, port, infile, bytes, rate, show_token);
	usage();
	return 1;
}
