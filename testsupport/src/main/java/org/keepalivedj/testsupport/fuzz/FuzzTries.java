package org.keepalivedj.testsupport.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets {@code -Dfuzz.tries=N} override a fuzz property's bounded default (the {@code tries} of its
 * {@code @Property}), so CI stays fast and a long run is one flag away. Use with
 * {@code @AddLifecycleHook(FuzzTries.class)}.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** The system property that sets the number of tries of every fuzz property. */
    public static final String PROPERTY = "fuzz.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
