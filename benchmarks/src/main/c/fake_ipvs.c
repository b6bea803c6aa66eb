/*
 * fake_ipvs.c - a benchmark-only stand-in for the kernel's IPVS control interface.
 *
 * Why: CheckerSideBySideBenchmark compares the CPU of keepalived-j's TCP checks with
 * keepalived's. keepalived's checker process refuses to start without IPVS ("IPVS: Can't
 * initialize ipvs"), and this host's kernel has none. Loaded with LD_PRELOAD into keepalived only,
 * this library answers keepalived's IPVS control calls as an empty, always-willing IPVS would, so
 * the checker process runs on the host and does its real TCP checks. It changes no check: connect,
 * timers and the event loop are keepalived's own, straight on libc.
 *
 * What it answers (observed with strace on Debian's keepalived 2.2.7): the generic netlink family
 * "IPVS" does not resolve here, so keepalived falls back to the older interface, getsockopt and
 * setsockopt at level IPPROTO_IP with option names from IP_VS_BASE_CTL (linux/ip_vs.h). Only those
 * option names, on a raw IPv4 socket, are answered; every other call goes to libc unchanged.
 *
 * Build: gcc -shared -fPIC -O2 -o fake_ipvs.so fake_ipvs.c -ldl
 * Set FAKE_IPVS_TRACE=1 to log each answered option name once on stderr.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <linux/ip_vs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

typedef int (*getsockopt_fn)(int, int, int, void *, socklen_t *);
typedef int (*setsockopt_fn)(int, int, int, const void *, socklen_t);

static getsockopt_fn real_getsockopt(void) {
    static getsockopt_fn fn;
    if (!fn) {
        fn = (getsockopt_fn)dlsym(RTLD_NEXT, "getsockopt");
    }
    return fn;
}

static setsockopt_fn real_setsockopt(void) {
    static setsockopt_fn fn;
    if (!fn) {
        fn = (setsockopt_fn)dlsym(RTLD_NEXT, "setsockopt");
    }
    return fn;
}

/* IPVS control calls go through a raw IPv4 socket; anything else is not ours to answer. */
static int is_ipvs_call(int fd, int level, int optname, int highest) {
    if (level != IPPROTO_IP || optname < IP_VS_BASE_CTL || optname > highest) {
        return 0;
    }
    int type = 0, domain = 0;
    socklen_t len = sizeof(int);
    if (real_getsockopt()(fd, SOL_SOCKET, SO_TYPE, &type, &len) != 0) {
        return 0;
    }
    len = sizeof(int);
    if (real_getsockopt()(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0) {
        return 0;
    }
    return type == SOCK_RAW && domain == AF_INET;
}

/* Option names as in linux/ip_vs.h, by offset from IP_VS_BASE_CTL; get and set share the numbers. */
static const char *const GET_NAMES[] = {"GET_VERSION", "GET_INFO", "GET_SERVICES", "GET_SERVICE",
                                        "GET_DESTS", "GET_DEST", "GET_TIMEOUT", "GET_DAEMON"};
static const char *const SET_NAMES[] = {"SET_NONE", "SET_INSERT", "SET_ADD", "SET_EDIT", "SET_DEL", "SET_FLUSH",
                                        "SET_LIST", "SET_ADDDEST", "SET_DELDEST", "SET_EDITDEST", "SET_TIMEOUT",
                                        "SET_STARTDAEMON", "SET_STOPDAEMON", "SET_RESTORE", "SET_SAVE", "SET_ZERO"};

/* One line per option name the first time it is answered, so a log shows what was faked. */
static void trace(int set, int optname) {
    static unsigned char seen[2][IP_VS_SO_SET_MAX - IP_VS_BASE_CTL + 1];
    int i = optname - IP_VS_BASE_CTL;
    if (getenv("FAKE_IPVS_TRACE") && !seen[set][i]) {
        seen[set][i] = 1;
        fprintf(stderr, "fake_ipvs: answered IP_VS_SO_%s\n", set ? SET_NAMES[i] : GET_NAMES[i]);
    }
}

/* Copies a fixed-size answer; the kernel refuses a buffer of the wrong size with EINVAL, so do we. */
static int answer(void *optval, socklen_t *optlen, const void *value, socklen_t size) {
    if (optlen == NULL || *optlen < size) {
        errno = EINVAL;
        return -1;
    }
    memcpy(optval, value, size);
    *optlen = size;
    return 0;
}

int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen) {
    if (!is_ipvs_call(fd, level, optname, IP_VS_SO_GET_MAX)) {
        return real_getsockopt()(fd, level, optname, optval, optlen);
    }
    trace(0, optname);
    switch (optname) {
    case IP_VS_SO_GET_VERSION: {
        /* keepalived logs this; the same words as a kernel with the default table size. */
        static const char version[] = "IP Virtual Server version 1.2.1 (size=4096)";
        if (optlen == NULL || *optlen < sizeof version) {
            errno = EINVAL;
            return -1;
        }
        memcpy(optval, version, sizeof version);
        *optlen = sizeof version;
        return 0;
    }
    case IP_VS_SO_GET_INFO: {
        /* The probe that tells keepalived IPVS is present: a current version, no services. */
        struct ip_vs_getinfo info = {.version = IP_VS_VERSION_CODE, .size = 4096, .num_services = 0};
        return answer(optval, optlen, &info, sizeof info);
    }
    case IP_VS_SO_GET_SERVICES:
    case IP_VS_SO_GET_DESTS:
        /* Empty tables: keep the caller's header (which service it asked about), no entries. */
        if (optlen == NULL || *optlen < sizeof(unsigned int)) {
            errno = EINVAL;
            return -1;
        }
        if (optname == IP_VS_SO_GET_SERVICES) {
            ((struct ip_vs_get_services *)optval)->num_services = 0;
        } else if (*optlen >= sizeof(struct ip_vs_get_dests)) {
            ((struct ip_vs_get_dests *)optval)->num_dests = 0;
        }
        return 0;
    case IP_VS_SO_GET_TIMEOUT: {
        /* The kernel's defaults (tcp 900 s, tcp_fin 120 s, udp 300 s). */
        struct ip_vs_timeout_user timeouts = {.tcp_timeout = 900, .tcp_fin_timeout = 120, .udp_timeout = 300};
        return answer(optval, optlen, &timeouts, sizeof timeouts);
    }
    case IP_VS_SO_GET_DAEMON: {
        /* No sync daemon running (master and backup slots both idle). */
        struct ip_vs_daemon_user daemons[2];
        memset(daemons, 0, sizeof daemons);
        return answer(optval, optlen, daemons, sizeof daemons);
    }
    default:
        /* GET_SERVICE / GET_DEST: we keep no table, so, like the kernel for an unknown service. */
        errno = ESRCH;
        return -1;
    }
}

int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen) {
    if (!is_ipvs_call(fd, level, optname, IP_VS_SO_SET_MAX)) {
        return real_setsockopt()(fd, level, optname, optval, optlen);
    }
    /* Adds, edits, deletes, flush, timeouts, sync daemon: accepted and forgotten. The benchmark
     * measures checks, not forwarding, so nothing needs to remember them. */
    trace(1, optname);
    return 0;
}
