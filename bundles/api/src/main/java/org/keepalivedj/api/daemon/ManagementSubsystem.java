package org.keepalivedj.api.daemon;

/**
 * A subsystem that runs nothing of the config itself but follows what the others run (MBeans, the
 * SNMP agent, alerts, dumps): it always runs, whatever bin/keepalived -P or -C select, and by
 * default after VRRP and LVS, so each config it is handed is already running.
 */
public interface ManagementSubsystem extends Subsystem {

    @Override
    default Kind kind() {
        return Kind.MANAGEMENT;
    }

    @Override
    default int order() {
        return ORDER_MANAGEMENT;
    }
}
