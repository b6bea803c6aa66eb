package org.keepalivedj.snmp.internal;

import java.util.List;

/**
 * One AgentX PDU (RFC 2741 section 6): the header's fields and the payload of its type. The
 * context of a non-default-context request is kept so the reply can say the context is unknown.
 */
record Pdu(int type, int flags, int sessionId, int transactionId, int packetId, String context, Payload payload) {

    static final int OPEN = 1;
    static final int CLOSE = 2;
    static final int REGISTER = 3;
    static final int UNREGISTER = 4;
    static final int GET = 5;
    static final int GET_NEXT = 6;
    static final int GET_BULK = 7;
    static final int TEST_SET = 8;
    static final int COMMIT_SET = 9;
    static final int UNDO_SET = 10;
    static final int CLEANUP_SET = 11;
    static final int NOTIFY = 12;
    static final int PING = 13;
    static final int INDEX_ALLOCATE = 14;
    static final int INDEX_DEALLOCATE = 15;
    static final int ADD_AGENT_CAPS = 16;
    static final int REMOVE_AGENT_CAPS = 17;
    static final int RESPONSE = 18;

    static final int FLAG_INSTANCE_REGISTRATION = 0x01;
    static final int FLAG_NON_DEFAULT_CONTEXT = 0x08;
    static final int FLAG_NETWORK_BYTE_ORDER = 0x10;

    /** res.error values (RFC 2741 6.2.16): the SNMP ones and AgentX's own. */
    static final int NO_ERROR = 0;

    static final int GEN_ERR = 5;
    static final int NOT_WRITABLE = 17;
    static final int WRONG_VALUE = 10;
    static final int NO_CREATION = 11;
    static final int NO_ACCESS = 6;
    static final int WRONG_TYPE = 7;
    static final int COMMIT_FAILED = 14;
    static final int UNDO_FAILED = 15;
    static final int OPEN_FAILED = 256;
    static final int NOT_OPEN = 257;
    static final int PARSE_ERROR = 266;
    static final int REQUEST_DENIED = 267;
    static final int PROCESSING_ERROR = 268;
    static final int UNKNOWN_CONTEXT = 263;

    /** Close reasons (RFC 2741 6.2.2). */
    static final int REASON_SHUTDOWN = 5;

    sealed interface Payload permits Open, Close, Register, Search, Bulk, VarBinds, Response, Empty {}

    record Open(int timeoutSeconds, Oid id, String description) implements Payload {}

    record Close(int reason) implements Payload {}

    /** Register and Unregister (an Unregister's timeout is ignored). */
    record Register(int timeoutSeconds, int priority, Oid subtree) implements Payload {}

    /** Get and GetNext. */
    record Search(List<Range> ranges) implements Payload {}

    record Bulk(int nonRepeaters, int maxRepetitions, List<Range> ranges) implements Payload {}

    /** TestSet and Notify. */
    record VarBinds(List<VarBind> varBinds) implements Payload {}

    record Response(long sysUpTime, int error, int index, List<VarBind> varBinds) implements Payload {}

    /** CommitSet, UndoSet, CleanupSet, Ping and the types this agent does not implement. */
    record Empty() implements Payload {}

    /** A search range: from start (itself included when include is set) up to end (excluded; empty for none). */
    record Range(Oid start, boolean include, Oid end) {}

    /** A reply to this request with the same ids. */
    Pdu reply(Response response) {
        return new Pdu(RESPONSE, 0, sessionId, transactionId, packetId, null, response);
    }
}
