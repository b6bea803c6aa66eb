package org.keepalivedj.api.model;

/** sorry_server ADDRESS PORT, used when no real server is up. method null: the virtual server's. */
public record SorryServer(Origin origin, Endpoint endpoint, ForwardingMethod method, boolean inhibit) {}
