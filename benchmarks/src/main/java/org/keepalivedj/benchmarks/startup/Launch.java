package org.keepalivedj.benchmarks.startup;

/**
 * What one start of a daemon measured. Times are milliseconds from the launch; NaN where the daemon
 * has no such thing (keepalived has no Jolokia, no heap).
 */
record Launch(
        double firstLogMs,
        double daemonActiveMs,
        double backupMs,
        double jolokiaMs,
        double rssMb,
        double heapUsedMb,
        double heapCommittedMb,
        double classes,
        double youngPauseMs,
        double fullGcs) {

    static Launch keepalived(double backupMs, double rssMb) {
        return new Launch(
                Double.NaN,
                Double.NaN,
                backupMs,
                Double.NaN,
                rssMb,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN);
    }
}
