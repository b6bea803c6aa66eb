package org.keepalivedj.deb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** keepalived-j(8), the launcher's --help and the README name the same options. */
class ManPageTest {

    private static final Pattern OPTION = Pattern.compile("^\\s+(?:(-[A-Za-z]), )?\\s*(--[a-z-]+)", Pattern.MULTILINE);

    @Test
    void manPageAndReadmeNameEveryOptionOfHelp() throws Exception {
        String help = help();
        String man = Files.readString(Path.of(System.getProperty("man.page")));
        String readme = Files.readString(Path.of(System.getProperty("readme")));
        List<String> missing = new ArrayList<>();
        int options = 0;
        Matcher m = OPTION.matcher(help);
        while (m.find()) {
            options++;
            for (String option : new String[] {m.group(1), m.group(2)}) {
                if (option == null) {
                    continue;
                }
                // troff writes a literal hyphen as \-
                if (!man.contains(option.replace("-", "\\-"))) {
                    missing.add(option + " not in keepalived-j.8");
                }
                if (!readme.contains("`" + option) && !readme.contains(" " + option)) {
                    missing.add(option + " not in README.md");
                }
            }
        }
        assertTrue(options >= 14, "too few options parsed from --help:\n" + help);
        assertEquals(List.of(), missing);
    }

    private static String help() throws Exception {
        Process p = new ProcessBuilder("sh", System.getProperty("launcher.script"), "--help")
                .redirectErrorStream(true)
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "--help did not finish");
        assertEquals(0, p.exitValue());
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
