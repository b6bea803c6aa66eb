package org.keepalivedj.ipvs.internal;

import org.keepalivedj.api.lvs.ServiceKey;

/** One kernel call that moves the kernel toward the wanted state. */
sealed interface Change {
    ServiceKey key();

    record AddService(ServiceKey key, KernelService service) implements Change {}

    record ChangeService(ServiceKey key, KernelService service) implements Change {}

    record DeleteService(ServiceKey key) implements Change {}

    record AddDestination(ServiceKey key, KernelDestination destination) implements Change {}

    record ChangeDestination(ServiceKey key, KernelDestination destination) implements Change {}

    record DeleteDestination(ServiceKey key, KernelDestination.Endpoint endpoint) implements Change {}
}
