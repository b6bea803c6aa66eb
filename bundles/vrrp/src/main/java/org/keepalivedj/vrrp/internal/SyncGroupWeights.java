package org.keepalivedj.vrrp.internal;

import org.keepalivedj.api.model.SyncGroup;
import org.keepalivedj.api.model.TrackRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The weight of an object a VRRP instance tracks on its own lines. In a sync group without
 * sync_group_tracking_weight keepalived ignores the weight (it logs "ignoring weight ... due to SYNC
 * group") and tracks the object as weight 0: a failure faults the instance, and the group follows.
 * The group's own track_* lines keep their weights.
 */
final class SyncGroupWeights {

    private static final Logger LOG = LoggerFactory.getLogger("Keepalived_vrrp");

    private final String instance;
    private final boolean ignored;

    SyncGroupWeights(String instance, SyncGroup group) {
        this.instance = instance;
        this.ignored = group != null && !group.trackingWeight();
    }

    /** The weight to track with: the line's, else the object's, else 0; 0 when the group ignores weights. */
    int weight(TrackRef ref, Integer objectWeight) {
        int w = ref.weight() != null ? ref.weight() : objectWeight != null ? objectWeight : 0;
        if (ignored && w != 0) {
            LOG.warn(
                    "({}) ignoring weight of tracked {} due to SYNC group (specify weight 0, or"
                            + " sync_group_tracking_weight on the group)",
                    instance,
                    ref.name());
            return 0;
        }
        return w;
    }
}
