package org.keepalivedj.ipvs.internal;

/**
 * Numbers of the kernel's IPVS generic netlink interface (family "IPVS", version 1, no family
 * header), as the uapi header linux/ip_vs.h defines them.
 */
final class Ipvs {
    static final String FAMILY = "IPVS";
    static final int VERSION = 1;

    // commands
    static final int CMD_NEW_SERVICE = 1;
    static final int CMD_SET_SERVICE = 2;
    static final int CMD_DEL_SERVICE = 3;
    static final int CMD_GET_SERVICE = 4;
    static final int CMD_NEW_DEST = 5;
    static final int CMD_SET_DEST = 6;
    static final int CMD_DEL_DEST = 7;
    static final int CMD_GET_DEST = 8;
    static final int CMD_NEW_DAEMON = 9;
    static final int CMD_DEL_DAEMON = 10;
    static final int CMD_GET_DAEMON = 11;
    static final int CMD_SET_CONFIG = 12;
    static final int CMD_GET_CONFIG = 13;
    static final int CMD_GET_INFO = 15;
    static final int CMD_ZERO = 16;
    static final int CMD_FLUSH = 17;

    // top-level attributes of a command
    static final int CMD_ATTR_SERVICE = 1;
    static final int CMD_ATTR_DEST = 2;
    static final int CMD_ATTR_DAEMON = 3;
    static final int CMD_ATTR_TIMEOUT_TCP = 4;
    static final int CMD_ATTR_TIMEOUT_TCP_FIN = 5;
    static final int CMD_ATTR_TIMEOUT_UDP = 6;

    // inside CMD_ATTR_SERVICE
    static final int SVC_ATTR_AF = 1;
    static final int SVC_ATTR_PROTOCOL = 2;
    static final int SVC_ATTR_ADDR = 3;
    static final int SVC_ATTR_PORT = 4;
    static final int SVC_ATTR_FWMARK = 5;
    static final int SVC_ATTR_SCHED_NAME = 6;
    static final int SVC_ATTR_FLAGS = 7;
    static final int SVC_ATTR_TIMEOUT = 8;
    static final int SVC_ATTR_NETMASK = 9;
    static final int SVC_ATTR_STATS = 10;
    static final int SVC_ATTR_PE_NAME = 11;
    static final int SVC_ATTR_STATS64 = 12;

    // inside CMD_ATTR_DEST
    static final int DEST_ATTR_ADDR = 1;
    static final int DEST_ATTR_PORT = 2;
    static final int DEST_ATTR_FWD_METHOD = 3;
    static final int DEST_ATTR_WEIGHT = 4;
    static final int DEST_ATTR_U_THRESH = 5;
    static final int DEST_ATTR_L_THRESH = 6;
    static final int DEST_ATTR_ACTIVE_CONNS = 7;
    static final int DEST_ATTR_INACT_CONNS = 8;
    static final int DEST_ATTR_PERSIST_CONNS = 9;
    static final int DEST_ATTR_STATS = 10;
    static final int DEST_ATTR_ADDR_FAMILY = 11;
    static final int DEST_ATTR_STATS64 = 12;
    static final int DEST_ATTR_TUN_TYPE = 13;
    static final int DEST_ATTR_TUN_PORT = 14;
    static final int DEST_ATTR_TUN_FLAGS = 15;

    // inside CMD_ATTR_DAEMON
    static final int DAEMON_ATTR_STATE = 1;
    static final int DAEMON_ATTR_MCAST_IFN = 2;
    static final int DAEMON_ATTR_SYNC_ID = 3;
    static final int DAEMON_ATTR_SYNC_MAXLEN = 4;
    static final int DAEMON_ATTR_MCAST_GROUP = 5;
    static final int DAEMON_ATTR_MCAST_GROUP6 = 6;
    static final int DAEMON_ATTR_MCAST_PORT = 7;
    static final int DAEMON_ATTR_MCAST_TTL = 8;
    static final int STATE_MASTER = 1;
    static final int STATE_BACKUP = 2;

    // inside *_ATTR_STATS / *_ATTR_STATS64
    static final int STATS_CONNS = 1;
    static final int STATS_INPKTS = 2;
    static final int STATS_OUTPKTS = 3;
    static final int STATS_INBYTES = 4;
    static final int STATS_OUTBYTES = 5;
    static final int STATS_CPS = 6;
    static final int STATS_INPPS = 7;
    static final int STATS_OUTPPS = 8;
    static final int STATS_INBPS = 9;
    static final int STATS_OUTBPS = 10;

    // inside the GET_INFO answer
    static final int INFO_ATTR_VERSION = 1;
    static final int INFO_ATTR_CONN_TAB_SIZE = 2;

    // service flags
    static final int SVC_F_PERSISTENT = 0x1;
    static final int SVC_F_HASHED = 0x2;
    static final int SVC_F_ONEPACKET = 0x4;
    static final int SVC_F_SCHED1 = 0x8;
    static final int SVC_F_SCHED2 = 0x10;
    static final int SVC_F_SCHED3 = 0x20;

    // forwarding methods (connection flags, masked by 0x7)
    static final int FWD_MASQ = 0;
    static final int FWD_TUNNEL = 2;
    static final int FWD_DROUTE = 3;

    // tunnel types and encapsulation flags
    static final int TUN_IPIP = 0;
    static final int TUN_GUE = 1;
    static final int TUN_GRE = 2;
    static final int TUN_F_CSUM = 1;
    static final int TUN_F_REMCSUM = 2;

    // socket address families and IP protocol numbers as the kernel wants them
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_SCTP = 132;

    private Ipvs() {}
}
