package org.keepalivedj.nft.internal;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.annotations.In;

/** The libnftables calls we use (libnftables.so.1, Debian package libnftables1), bound with jnr-ffi. */
public interface LibNftables {

    int NFT_CTX_DEFAULT = 0;
    /** JSON output; with it, nft_run_cmd_from_buffer also reads JSON input. */
    int NFT_CTX_OUTPUT_JSON = 1 << 4;

    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    int nft_ctx_output_set_flags(Pointer ctx, int flags);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    String nft_ctx_get_output_buffer(Pointer ctx);

    String nft_ctx_get_error_buffer(Pointer ctx);

    /** The buffer must end with a NUL byte. */
    int nft_run_cmd_from_buffer(Pointer ctx, @In byte[] buffer);

    /** Loads the library once; throws {@link UnsatisfiedLinkError} with the names tried when it is missing. */
    static LibNftables get() {
        return Holder.LIB;
    }

    final class Holder {
        private Holder() {}

        private static final String[] CANDIDATES = {
            "/usr/lib/x86_64-linux-gnu/libnftables.so.1", "/usr/lib/aarch64-linux-gnu/libnftables.so.1",
            "/usr/lib64/libnftables.so.1", "/usr/lib/libnftables.so.1",
        };

        static final LibNftables LIB = load();

        private static LibNftables load() {
            // Debian ships only the versioned name unless the -dev package is installed.
            for (String path : CANDIDATES) {
                if (java.nio.file.Files.exists(java.nio.file.Path.of(path))) {
                    return LibraryLoader.create(LibNftables.class)
                            .failImmediately()
                            .load(path);
                }
            }
            return LibraryLoader.create(LibNftables.class).failImmediately().load("nftables");
        }
    }
}
