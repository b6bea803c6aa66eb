package org.keepalivedj.nft.internal;

import java.util.Hashtable;
import java.util.Map;
import org.keepalivedj.api.lvs.ForwardingPlane;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the data plane at start and publishes it as the {@link ForwardingPlane} the LVS engine
 * uses: the same object, registered again with {@code chosen=true} and {@code plane=<name>}
 * (ipvs, nft or none). The engine selects it with the target {@code (chosen=true)}.
 *
 * <p>It lives in the nft bundle because that bundle is always installed (nftables is the fallback
 * and "none" is here too); IPVS comes from its own bundle as a {@code plane=ipvs} service. When
 * that service appears after us, the greedy reference restarts the choice. Setting: {@code data.plane}
 * in etc/org.keepalivedj.cfg (auto, ipvs, nft, none).
 */
@Component(
        immediate = true,
        service = {},
        configurationPid = "org.keepalivedj")
public final class PlaneChooserComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PlaneChooserComponent.class);

    @Reference(
            target = "(&(plane=ipvs)(!(chosen=true)))",
            cardinality = ReferenceCardinality.OPTIONAL,
            policyOption = ReferencePolicyOption.GREEDY)
    private ForwardingPlane ipvs;

    @Reference(target = "(&(plane=nft)(!(chosen=true)))")
    private ForwardingPlane nft;

    private ServiceRegistration<ForwardingPlane> registration;

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        String setting;
        try {
            setting = PlaneChoice.setting(properties.get(PlaneChoice.SETTING));
        } catch (IllegalArgumentException e) {
            LOG.error("{}; choosing as with auto", e.getMessage());
            setting = "auto";
        }
        PlaneChoice choice = PlaneChoice.choose(setting, ipvs, KernelProbe.hasIpvs(), nft);
        if (choice.plane() instanceof NoForwardingPlane) {
            LOG.warn(choice.reason());
        } else {
            LOG.info(choice.reason());
        }
        Hashtable<String, Object> serviceProperties = new Hashtable<>();
        serviceProperties.put("plane", choice.plane().name());
        serviceProperties.put("chosen", Boolean.TRUE);
        serviceProperties.put("data.plane.reason", choice.reason());
        registration = context.registerService(ForwardingPlane.class, choice.plane(), serviceProperties);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
    }
}
