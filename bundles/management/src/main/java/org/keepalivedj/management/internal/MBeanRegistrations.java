package org.keepalivedj.management.internal;

import java.util.Collection;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.management.DynamicMBean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * A set of MBeans registered through the JMX whiteboard, keyed by object name, kept in step with a
 * set of wanted names: new names registered, gone names unregistered, the rest left alone.
 */
final class MBeanRegistrations<T extends DynamicMBean> {
    private final Map<String, ServiceRegistration<DynamicMBean>> registrations = new HashMap<>();
    private final Map<String, T> beans = new HashMap<>();
    private BundleContext context;

    /** Registers through this bundle from now on (its component activates). */
    synchronized void open(BundleContext context) {
        this.context = context;
    }

    synchronized void sync(Set<String> wanted, Function<String, T> create) {
        for (String name : Set.copyOf(registrations.keySet())) {
            if (!wanted.contains(name)) {
                unregister(name);
            }
        }
        for (String name : wanted) {
            if (!registrations.containsKey(name)) {
                T bean = create.apply(name);
                Dictionary<String, Object> props = new Hashtable<>();
                props.put("jmx.objectname", name);
                registrations.put(name, context.registerService(DynamicMBean.class, bean, props));
                beans.put(name, bean);
            }
        }
    }

    /** Keeps the MBeans in step with the objects of one type by their names ({@code keepalived:type=T,name=N}). */
    synchronized void syncNamed(String type, Collection<String> names, Function<String, T> create) {
        Map<String, String> byObjectName = new LinkedHashMap<>();
        names.forEach(n -> byObjectName.put(ObjectNames.of(type, n), n));
        sync(byObjectName.keySet(), objectName -> create.apply(byObjectName.get(objectName)));
    }

    /** Hands the MBean of this object name to the action (a notification), if it is registered. */
    void ifRegistered(String name, Consumer<T> action) {
        T bean;
        synchronized (this) {
            bean = beans.get(name);
        }
        if (bean != null) {
            action.accept(bean);
        }
    }

    synchronized void clear() {
        Set.copyOf(registrations.keySet()).forEach(this::unregister);
    }

    private void unregister(String name) {
        ServiceRegistration<DynamicMBean> r = registrations.remove(name);
        beans.remove(name);
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }
}
