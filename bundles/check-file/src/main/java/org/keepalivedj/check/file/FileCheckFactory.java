package org.keepalivedj.check.file;

import org.keepalivedj.api.check.CheckTarget;
import org.keepalivedj.api.check.CheckerContext;
import org.keepalivedj.api.check.CheckerSpec;
import org.keepalivedj.api.check.HealthChecker;
import org.keepalivedj.api.check.HealthCheckerFactory;
import org.keepalivedj.api.check.ProblemSink;
import org.keepalivedj.api.config.ConfigNode;
import org.keepalivedj.api.model.TrackFile;
import org.keepalivedj.check.support.CheckRuntime;
import org.keepalivedj.check.support.CheckerFactory;
import org.keepalivedj.config.checkers.BuiltinCheckers;
import org.keepalivedj.config.checkers.FileCheckSpec;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * FILE_CHECK, bound by the config module's built-in binder; files are read on the shared bounded
 * pool. The block names a track_file block of the config, which gives the path, and the weight
 * when the FILE_CHECK sets none (or 0), as keepalived does.
 */
@Component(service = HealthCheckerFactory.class)
public class FileCheckFactory extends CheckerFactory {
    @Activate
    public FileCheckFactory(@Reference CheckRuntime runtime) {
        super(runtime, FileCheckFactory::bindInheritingWeight, "FILE_CHECK");
    }

    /** As the config binds it, except that no weight line reads as weight 0: "the track_file's weight". */
    private static CheckerSpec bindInheritingWeight(ConfigNode block, ProblemSink sink) {
        FileCheckSpec spec = (FileCheckSpec) BuiltinCheckers.bind(block, sink);
        if (block.child("weight").isEmpty()) {
            return new FileCheckSpec(spec.origin(), spec.trackFile(), 0, false);
        }
        return spec;
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target) {
        return create(spec, target, CheckerContext.NONE);
    }

    @Override
    public HealthChecker create(CheckerSpec spec, CheckTarget target, CheckerContext context) {
        FileCheckSpec file = (FileCheckSpec) spec;
        TrackFile track = context.trackFiles().get(file.trackFile());
        if (track == null) {
            return alwaysDown(
                    file.origin() + ": FILE_CHECK track_file " + file.trackFile() + " refers to no track_file block");
        }
        boolean inherit = file.weight() == 0;
        int weight = inherit ? track.weight() : file.weight();
        boolean reverse = inherit ? track.reverse() : file.reverse();
        return new FileChecker(runtime, new FileRule(track.file(), weight, reverse));
    }
}
