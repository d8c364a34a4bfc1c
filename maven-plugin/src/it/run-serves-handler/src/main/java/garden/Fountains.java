package garden;

import dev.fountain.Subscribe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public class Fountains {

    private static final Logger LOG = LoggerFactory.getLogger(Fountains.class);

    @Subscribe("home/garden/fountain/2")
    void fountain(String command) throws IOException {
        LOG.info("fountain 2: {}", command);
        // Written aside and moved, so the test never reads a half-written file.
        Path written = Files.writeString(Path.of("target/fountain-2.txt.tmp"), command);
        Files.move(written, Path.of("target/fountain-2.txt"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
