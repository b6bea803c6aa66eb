package org.keepalivedj.api.net;

/**
 * nftables tables of our own, each written whole. The nft bundle implements it over libnftables,
 * the only way the product programs nftables. Calls are idempotent; failures (libnftables
 * missing, a rule the kernel refuses) are {@link NetworkOperationException}s.
 */
public interface NftTables {

    /**
     * Replaces the table {@code family name} (created if absent) with one whose contents are
     * {@code body}: what goes between the braces of {@code table <family> <name> { ... }} in nft's
     * own syntax (sets, chains, rules). One transaction: the old table stays until the new one is
     * complete, and a body the kernel refuses leaves the old table as it was.
     */
    void replace(String family, String name, String body);

    /** Deletes the table {@code family name} if it exists. */
    void delete(String family, String name);
}
