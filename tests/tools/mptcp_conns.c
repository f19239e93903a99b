// SPDX-License-Identifier: GPL-2.0
/*
 * mptcp_conns: many concurrent MPTCP connections, for the resource-bound
 * tests.
 *
 *   mptcp_conns server -p PORT -n CONNS [-t SECONDS]
 *   mptcp_conns client -c ADDR -p PORT -n CONNS [-s SRC[,SRC...]]
 *                      [-w WINDOW] [-H HOLDFILE] [-t SECONDS]
 *
 * The server listens on IPv4 (MPTCP), echoes the 16-byte hello each
 * connection sends, keeps every connection open until its peer closes it,
 * prints "server: N echoed" once CONNS connections have been echoed and
 * exits 0 once CONNS connections have been closed by their peers.
 *
 * The client opens CONNS connections, at most WINDOW (default 128)
 * connecting at once, from the source addresses given round-robin (any
 * address if none), sends each a 16-byte hello naming it and waits for the
 * echo. Once all are open and echoed it prints
 * "client: N established in MS ms (RATE/s)", then holds them until
 * HOLDFILE exists (at once if no -H), closes them all and exits 0. A
 * connection that fails, or an echo that differs, ends the run with
 * status 1 and a message; -t bounds the whole run (status 2).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#ifndef IPPROTO_MPTCP
#define IPPROTO_MPTCP 262
#endif

#define HELLO_LEN 16
#define MAX_SRCS 256

static void die(const char *what)
{
	fprintf(stderr, "mptcp_conns: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void fail(const char *what)
{
	fprintf(stderr, "mptcp_conns: %s\n", what);
	exit(1);
}

static void on_alarm(int sig)
{
	static const char msg[] = "mptcp_conns: timeout\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(2);
	_exit(2);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		die("fcntl");
}

static void hello(char *buf, unsigned int id)
{
	snprintf(buf, HELLO_LEN + 1, "conn%011u.", id);
}

/* One connection's progress on either side. */
struct conn {
	int fd;
	unsigned int got;	/* bytes of the echo (client) or hello (server) */
	char buf[HELLO_LEN];
	unsigned char done;
};

static int server(const char *port, unsigned int n)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	struct epoll_event ev, evs[256];
	unsigned int echoed = 0, closed = 0;
	struct conn *c;
	int lfd, ep, one = 1;

	c = calloc(n, sizeof(*c));
	if (!c)
		die("calloc");
	lfd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sa.sin_port = htons(atoi(port));
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	if (listen(lfd, 4096) < 0)
		die("listen");
	nonblock(lfd);
	ep = epoll_create1(0);
	if (ep < 0)
		die("epoll_create1");
	ev.events = EPOLLIN;
	ev.data.u64 = (uint64_t)-1;
	if (epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev) < 0)
		die("epoll_ctl");

	unsigned int accepted = 0;

	while (closed < n) {
		int k = epoll_wait(ep, evs, 256, -1);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		for (int i = 0; i < k; i++) {
			if (evs[i].data.u64 == (uint64_t)-1) {
				for (;;) {
					int fd = accept(lfd, NULL, NULL);

					if (fd < 0) {
						if (errno == EAGAIN || errno == EINTR)
							break;
						die("accept");
					}
					if (accepted == n)
						fail("more connections than -n");
					nonblock(fd);
					c[accepted].fd = fd;
					ev.events = EPOLLIN;
					ev.data.u64 = accepted++;
					if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
						die("epoll_ctl");
				}
				continue;
			}
			struct conn *x = &c[evs[i].data.u64];
			char tmp[HELLO_LEN];
			ssize_t r;

			if (x->got < HELLO_LEN) {
				r = read(x->fd, x->buf + x->got, HELLO_LEN - x->got);
			} else {
				r = read(x->fd, tmp, sizeof(tmp));
				if (r > 0)
					fail("data after the hello");
			}
			if (r < 0) {
				if (errno == EAGAIN || errno == EINTR)
					continue;
				die("read");
			}
			if (r == 0) {
				if (x->got < HELLO_LEN)
					fail("a connection closed before its hello");
				epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
				close(x->fd);
				closed++;
				continue;
			}
			x->got += r;
			if (x->got == HELLO_LEN) {
				if (write(x->fd, x->buf, HELLO_LEN) != HELLO_LEN)
					die("write echo");
				if (++echoed == n) {
					printf("server: %u echoed\n", n);
					fflush(stdout);
				}
			}
		}
	}
	printf("server: %u closed by the peer\n", closed);
	return 0;
}

static int parse_srcs(char *list, struct in_addr *srcs)
{
	int ns = 0;

	for (char *t = strtok(list, ","); t; t = strtok(NULL, ",")) {
		if (ns == MAX_SRCS)
			fail("too many source addresses");
		if (inet_pton(AF_INET, t, &srcs[ns]) != 1)
			fail("bad source address");
		ns++;
	}
	return ns;
}

static void start_one(struct conn *x, unsigned int id, const struct sockaddr_in *dst,
		      const struct in_addr *srcs, int ns, int ep)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = id };

	x->fd = socket(AF_INET, SOCK_STREAM, IPPROTO_MPTCP);
	if (x->fd < 0)
		die("socket");
	nonblock(x->fd);
	if (ns) {
		struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr = srcs[id % ns] };

		if (bind(x->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
			die("bind source");
	}
	if (connect(x->fd, (const struct sockaddr *)dst, sizeof(*dst)) < 0 &&
	    errno != EINPROGRESS)
		die("connect");
	if (epoll_ctl(ep, EPOLL_CTL_ADD, x->fd, &ev) < 0)
		die("epoll_ctl");
}

static int client(const char *addr, const char *port, unsigned int n, char *srclist,
		  unsigned int window, const char *holdfile)
{
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct in_addr srcs[MAX_SRCS];
	unsigned int started = 0, open_ = 0, inflight = 0;
	struct epoll_event evs[256];
	struct conn *c;
	double t0;
	int ep, ns = 0;

	if (inet_pton(AF_INET, addr, &dst.sin_addr) != 1)
		fail("bad address");
	dst.sin_port = htons(atoi(port));
	if (srclist)
		ns = parse_srcs(srclist, srcs);
	c = calloc(n, sizeof(*c));
	if (!c)
		die("calloc");
	ep = epoll_create1(0);
	if (ep < 0)
		die("epoll_create1");
	t0 = now_ms();
	while (open_ < n) {
		while (started < n && inflight < window) {
			start_one(&c[started], started, &dst, srcs, ns, ep);
			started++;
			inflight++;
		}
		int k = epoll_wait(ep, evs, 256, -1);

		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("epoll_wait");
		}
		for (int i = 0; i < k; i++) {
			unsigned int id = evs[i].data.u64;
			struct conn *x = &c[id];
			char want[HELLO_LEN + 1];
			ssize_t r;

			hello(want, id);
			if (evs[i].events & EPOLLOUT) {
				struct epoll_event ev = { .events = EPOLLIN, .data.u64 = id };
				int err = 0;
				socklen_t len = sizeof(err);

				if (getsockopt(x->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
					die("getsockopt");
				if (err) {
					errno = err;
					fprintf(stderr, "mptcp_conns: connection %u of %u: %s\n",
						id, n, strerror(err));
					exit(1);
				}
				if (write(x->fd, want, HELLO_LEN) != HELLO_LEN)
					die("write hello");
				if (epoll_ctl(ep, EPOLL_CTL_MOD, x->fd, &ev) < 0)
					die("epoll_ctl");
				continue;
			}
			r = read(x->fd, x->buf + x->got, HELLO_LEN - x->got);
			if (r < 0) {
				if (errno == EAGAIN || errno == EINTR)
					continue;
				die("read echo");
			}
			if (r == 0)
				fail("a connection closed before its echo");
			x->got += r;
			if (x->got < HELLO_LEN)
				continue;
			if (memcmp(x->buf, want, HELLO_LEN))
				fail("an echo differs from its hello");
			epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
			x->done = 1;
			open_++;
			inflight--;
		}
	}
	double ms = now_ms() - t0;

	printf("client: %u established in %.0f ms (%.0f/s)\n", n, ms, n * 1e3 / ms);
	fflush(stdout);
	while (holdfile && access(holdfile, F_OK))
		poll(NULL, 0, 100);
	for (unsigned int i = 0; i < n; i++)
		close(c[i].fd);
	printf("client: %u closed\n", n);
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mptcp_conns server -p PORT -n CONNS [-t SECONDS]\n"
		"       mptcp_conns client -c ADDR -p PORT -n CONNS [-s SRC[,SRC...]]\n"
		"                          [-w WINDOW] [-H HOLDFILE] [-t SECONDS]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *port = NULL, *addr = NULL, *holdfile = NULL;
	unsigned int n = 0, window = 128, timeout = 600;
	char *srcs = NULL;
	int opt;

	if (argc < 2)
		usage();
	optind = 2;
	while ((opt = getopt(argc, argv, "p:n:t:c:s:w:H:")) != -1) {
		switch (opt) {
		case 'p': port = optarg; break;
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 't': timeout = strtoul(optarg, NULL, 0); break;
		case 'c': addr = optarg; break;
		case 's': srcs = optarg; break;
		case 'w': window = strtoul(optarg, NULL, 0); break;
		case 'H': holdfile = optarg; break;
		default: usage();
		}
	}
	if (!port || !n || !window)
		usage();
	signal(SIGALRM, on_alarm);
	signal(SIGPIPE, SIG_IGN);
	alarm(timeout);
	if (!strcmp(argv[1], "server"))
		return server(port, n);
	if (!strcmp(argv[1], "client") && addr)
		return client(addr, port, n, srcs, window, holdfile);
	usage();
	return 2;
}
