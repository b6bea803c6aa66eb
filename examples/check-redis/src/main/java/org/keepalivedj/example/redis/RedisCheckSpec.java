package org.keepalivedj.example.redis;

import org.keepalivedj.api.check.CheckerSettings;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.model.Origin;

/** REDIS_CHECK { connect_ip; connect_port; connect_timeout }: PING must be answered +PONG. */
public record RedisCheckSpec(Origin origin, CheckerSettings settings) implements CheckerSpec {
    @Override
    public String kind() {
        return RedisCheckFactory.KEYWORD;
    }
}
