package org.keepalivedj.nft.internal;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jnr.ffi.Pointer;
import org.keepalivedj.netlink.LowDescriptors;
import org.keepalivedj.netlink.NetworkNamespace;

/**
 * One libnftables context, used from one thread of its own. The thread joins the given network
 * namespace first (null: stay in ours), so the context's netlink socket talks to that namespace's
 * nf_tables; and libnftables contexts are not thread-safe, so one thread is also the lock.
 */
public final class NftContext implements AutoCloseable {

    /** What one libnftables call returned: its exit code, the output (JSON) and the error text. */
    public record Result(int code, String output, String error) {
        public boolean ok() {
            return code == 0;
        }
    }

    private final ExecutorService thread;
    private final String namespace;
    private Pointer ctx;

    private NftContext(String namespace) {
        this.namespace = namespace;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, namespace == null ? "nftables" : "nftables-" + namespace);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens a context in the namespace (null: the calling thread's), reading and writing JSON.
     * Throws when libnftables cannot be loaded.
     */
    public static NftContext open(String namespace) {
        return open(namespace, true);
    }

    /** As {@link #open(String)}; with {@code json} false the context reads nft's own syntax. */
    public static NftContext open(String namespace, boolean json) {
        NftContext context = new NftContext(namespace);
        try {
            context.onThread(() -> {
                if (namespace != null) {
                    NetworkNamespace.enter(namespace);
                }
                LibNftables lib = LibNftables.get();
                LowDescriptors.reserve();
                Pointer p = lib.nft_ctx_new(LibNftables.NFT_CTX_DEFAULT);
                if (p == null) {
                    throw new IllegalStateException("nft_ctx_new failed");
                }
                try {
                    lowerSocket(p);
                } catch (RuntimeException e) {
                    lib.nft_ctx_free(p);
                    throw e;
                }
                if (json) {
                    lib.nft_ctx_output_set_flags(p, LibNftables.NFT_CTX_OUTPUT_JSON);
                }
                lib.nft_ctx_buffer_output(p);
                lib.nft_ctx_buffer_error(p);
                context.ctx = p;
                return null;
            });
        } catch (RuntimeException | Error e) {
            context.thread.shutdownNow();
            throw e;
        }
        return context;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Runs one batch of commands ({@code {"nftables": [...]}}, or nft's own syntax in a context
     * opened without JSON): one netlink transaction, all or nothing.
     */
    public Result run(String commands) {
        byte[] utf8 = commands.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, buffer, 0, utf8.length);
        return onThread(() -> {
            if (ctx == null) {
                throw new IllegalStateException("nftables context is closed");
            }
            LibNftables lib = LibNftables.get();
            int code = lib.nft_run_cmd_from_buffer(ctx, buffer);
            String out = lib.nft_ctx_get_output_buffer(ctx);
            String err = lib.nft_ctx_get_error_buffer(ctx);
            return new Result(code, out == null ? "" : out, err == null ? "" : err.strip());
        });
    }

    private <T> T onThread(java.util.concurrent.Callable<T> task) {
        Future<T> future = thread.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for libnftables", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (thread.isShutdown()) {
            return;
        }
        try {
            onThread(() -> {
                if (ctx != null) {
                    LibNftables.get().nft_ctx_free(ctx);
                    ctx = null;
                }
                return null;
            });
        } finally {
            thread.shutdown();
        }
    }

    /**
     * Gives the context's netlink socket a number below 1024 (libnftables waits on it with select()).
     * Reads it through libnftables' and libmnl's structures: {@code struct nft_ctx} starts with
     * {@code struct mnl_socket *nf_sock}, and {@code struct mnl_socket} with {@code int fd}.
     */
    private static void lowerSocket(Pointer ctx) {
        Pointer socket = ctx.getPointer(0);
        if (socket == null) {
            return;
        }
        int fd = socket.getInt(0);
        int low = LowDescriptors.lower(fd, "libnftables' netlink");
        if (low != fd) {
            socket.putInt(0, low);
        }
    }
}
