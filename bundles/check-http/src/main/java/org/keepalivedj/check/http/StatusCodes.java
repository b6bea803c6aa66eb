package org.keepalivedj.check.http;

import java.util.List;

/** status_code values: single codes and ranges ("200", "200-299"); none given means 2xx. */
final class StatusCodes {
    private final int[] low;
    private final int[] high;

    StatusCodes(List<String> codes) {
        List<String> given = codes.isEmpty() ? List.of("200-299") : codes;
        low = new int[given.size()];
        high = new int[given.size()];
        for (int i = 0; i < given.size(); i++) {
            String c = given.get(i);
            int dash = c.indexOf('-');
            low[i] = Integer.parseInt(dash < 0 ? c : c.substring(0, dash));
            high[i] = Integer.parseInt(dash < 0 ? c : c.substring(dash + 1));
        }
    }

    boolean accepts(int status) {
        for (int i = 0; i < low.length; i++) {
            if (status >= low[i] && status <= high[i]) {
                return true;
            }
        }
        return false;
    }
}
